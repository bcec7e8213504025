import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_IDENTIFIER_LENGTH,
  normalizeColumnName,
  normalizeIdentifier,
  normalizePath,
  shortenIdentifier,
} from '../../engine/destinations/naming';

void describe('naming: dlt snake_case', () => {
  const cases: Array<[string, string]> = [
    ['createdAt', 'created_at'],
    ['HTTPCode', 'http_code'],
    ['userID', 'user_id'],
    ['getHTTPResponseCode', 'get_http_response_code'],
    ['ID', 'id'],
    ['UPPER_CASE', 'upper_case'],
    ['already_snake', 'already_snake'],
    ['Owner.Login', 'owner_login'],
    ['  spaced name ', 'spaced_name'],
    ['with__double', 'with_double'],
    ['123abc', '_123abc'],
    ['$ref', '_ref'],
    ['name_', 'namex'],
    ['__x__', '_xxx'],
    ['café', 'cafx'],
    ['a+b*c@d|e', 'axbxcadle'],
    ['a"; drop table x; --', 'a_drop_table_xxxx'],
    ['', '_empty'],
    ['   ', '_empty'],
  ];
  for (const [input, expected] of cases) {
    void test(`normalises ${JSON.stringify(input)} to ${expected}`, () => {
      assert.equal(normalizeIdentifier(input), expected);
    });
  }

  void test('every normalised name is safe to use unquoted', () => {
    for (const [input] of cases) assert.match(normalizeIdentifier(input), /^[a-z_][a-z0-9_]*$/);
  });

  void test('shortens a name over 63 characters with a stable tag, as dlt does', () => {
    const long = 'x'.repeat(80);
    const short = normalizeIdentifier(long);
    assert.equal(short.length, MAX_IDENTIFIER_LENGTH);
    assert.equal(short, `${'x'.repeat(29)}uw6xmw${'x'.repeat(28)}`);
    assert.equal(normalizeIdentifier(long), short, 'the same name shortens the same way');
    assert.notEqual(normalizeIdentifier(`${'x'.repeat(79)}y`), short, 'a different name gets a different tag');
  });

  void test('leaves names within the limit alone', () => {
    const exact = 'a'.repeat(MAX_IDENTIFIER_LENGTH);
    assert.equal(shortenIdentifier(exact, exact), exact);
  });

  void test('joins path fragments with __ and shortens the whole path', () => {
    assert.equal(normalizePath(['files', 'owner', 'tags']), 'files__owner__tags');
    assert.equal(normalizePath(['files', 'a'.repeat(70)]), `files__${'a'.repeat(22)}vgkgxg${'a'.repeat(28)}`);
  });

  void test('normalises each fragment of a column path, keeping the separators', () => {
    assert.equal(normalizeColumnName('Owner__ID'), 'owner__id');
    assert.equal(normalizeColumnName('fileId'), 'file_id');
  });

  // Each expected name is what dlt 1.31's snake_case `normalize_path` returned for the key.
  const keys: Array<[string, string]> = [
    ['Amount__c', 'amount__c'],
    ['Mixed__Case__', 'mixed__case'],
    ['__proto__', 'proto'],
    ['x__', 'x'],
    ['__x', 'x'],
    ['a___b', 'a___b'],
    ['Account__r__Name', 'account__r__name'],
    [`${'a'.repeat(70)}__${'b'.repeat(10)}`, `${'a'.repeat(29)}dyd2k${'a'.repeat(17)}__${'b'.repeat(10)}`],
  ];
  for (const [input, expected] of keys) {
    void test(`normalises the key ${JSON.stringify(input)} to ${expected}, as dlt does`, () => {
      assert.equal(normalizeColumnName(input), expected);
    });
  }
});

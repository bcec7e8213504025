import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpError } from '../../engine/errors';
import { MAX_JSON_DEPTH, parseBody } from '../../engine/http/parse-body';
import { type JsonObject, numberText } from '../../engine/json';

const ANSWERED = 'GET https://api.example/items?page=2 answered 200';
const parse = (text: string) => parseBody(text, ANSWERED, 200);

void describe('parseBody', () => {
  const garbage: Array<[string, string, boolean]> = [
    ['', `${ANSWERED} with an empty body, not a JSON object or array`, true],
    ['  \n ', `${ANSWERED} with an empty body, not a JSON object or array`, true],
    ['null', `${ANSWERED} with null, not a JSON object or array`, true],
    ['42', `${ANSWERED} with the JSON number 42, not a JSON object or array`, true],
    ['"hello world"', `${ANSWERED} with the JSON string "hello world", not a JSON object or array`, true],
    ['true', `${ANSWERED} with the JSON boolean true, not a JSON object or array`, true],
    ['{"data": [1, 2', `${ANSWERED} with a body that is not JSON (truncated or an error page): {"data": [1, 2`, true],
    [
      '['.repeat(MAX_JSON_DEPTH + 1),
      `${ANSWERED} with JSON nested deeper than 1000 levels (at character 1000), more than sluice reads`,
      false,
    ],
  ];
  for (const [text, message, retryable] of garbage) {
    void test(`fails a page whose body is ${JSON.stringify(text.slice(0, 20))}, naming the URL`, () => {
      assert.throws(
        () => parse(text),
        (error: Error) => {
          assert.ok(error instanceof HttpError);
          assert.equal(error.message, message);
          assert.equal(error.status, 200);
          assert.equal(error.retryable, retryable);
          return true;
        },
      );
    });
  }

  void test('fails a body nested 5,000 deep with its limit, not a stack overflow', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    assert.throws(() => parse(deep), /nested deeper than 1000 levels/);
  });

  void test('reads a body nested exactly to the limit', () => {
    const text = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    assert.ok(Array.isArray(parse(text)));
  });

  void test('parses plain bodies as JSON.parse does, with nothing added', () => {
    const text = '{"data": [{"id": 1, "price": 2.5, "name": "1.0 e5 [", "n": -3, "big": "12345678901234567890"}]}';
    const body = parse(text) as { data: JsonObject[] };
    assert.deepStrictEqual(body, JSON.parse(text));
    assert.equal(numberText(body.data[0]!, 'price'), undefined);
  });

  void test('keeps the text of numbers whose value hides their type or digits, leaving plain numbers', () => {
    const body = parse('{"a": 1.0, "b": 9007199254740993, "c": [1e3, 2], "d": 1.5, "e": 7}') as JsonObject;
    assert.deepEqual([body.a, body.b, ...(body.c as number[]), body.d, body.e], [1, 9007199254740992, 1000, 2, 1.5, 7]);
    assert.equal(numberText(body, 'a'), '1.0');
    assert.equal(numberText(body, 'b'), '9007199254740993');
    assert.equal(numberText(body.c as object, 0), '1e3');
    assert.equal(numberText(body, 'd'), undefined);
    assert.equal(numberText(body, 'e'), undefined);
    assert.equal(JSON.stringify(body), '{"a":1,"b":9007199254740992,"c":[1000,2],"d":1.5,"e":7}');
    assert.equal(numberText({ ...body }, 'a'), '1.0', 'a copied record keeps the texts');
  });

  void test('keeps the last of repeated keys, as JSON.parse does', () => {
    const body = parse('{"a": 1.0, "a": 2.5e0}') as JsonObject;
    assert.equal(JSON.stringify(body), '{"a":2.5}');
    assert.equal(numberText(body, 'a'), undefined);
  });

  void test('replaces unpaired surrogates in strings and keys, keeping pairs', () => {
    const body = parse('{"s": "x\\ud800y", "pair": "\\ud83d\\ude00", "k\\udc00": 1}') as JsonObject;
    assert.deepEqual(body, { s: 'x\ufffdy', pair: '\ud83d\ude00', 'k\ufffd': 1 });
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sourcesHash, writeAtomically, writeBuild } from '../../bin/build-cache.js';

function sourceTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-build-cache-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'nested', 'b.ts'), 'export const b = 2;\n');
  return dir;
}

describe('the hash that keys cached builds', () => {
  it('changes when any TypeScript source under the directories changes, however deep', () => {
    const dir = sourceTree();
    const before = sourcesHash([dir]);
    assert.equal(sourcesHash([dir]), before);
    writeFileSync(join(dir, 'nested', 'b.ts'), 'export const b = 3;\n');
    assert.notEqual(sourcesHash([dir]), before);
  });

  it('changes when a source is added or an extra input file changes, and ignores other files', () => {
    const dir = sourceTree();
    const lock = join(dir, 'lock.json');
    writeFileSync(lock, '{"v":1}');
    const before = sourcesHash([dir], [lock]);
    writeFileSync(join(dir, 'notes.md'), 'not a source');
    assert.equal(sourcesHash([dir], [lock]), before);
    writeFileSync(lock, '{"v":2}');
    const afterLock = sourcesHash([dir], [lock]);
    assert.notEqual(afterLock, before);
    writeFileSync(join(dir, 'c.ts'), '');
    assert.notEqual(sourcesHash([dir], [lock]), afterLock);
  });

  it('names the installation: the same sources elsewhere hash differently', () => {
    assert.notEqual(sourcesHash([sourceTree()]), sourcesHash([sourceTree()]));
  });
});

describe('an atomic write', () => {
  it('leaves the whole file and no temporary one behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-build-cache-'));
    writeAtomically(join(dir, 'out.js'), 'first');
    writeAtomically(join(dir, 'out.js'), 'second');
    assert.equal(readFileSync(join(dir, 'out.js'), 'utf8'), 'second');
    assert.deepEqual(readdirSync(dir), ['out.js']);
  });
});

describe('a new build', () => {
  it('replaces the builds of its kind over an hour old, and nothing another process may still be using', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-build-cache-'));
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const [name, old] of [
      ['sluice-aaa.mjs', true],
      ['sluice-bbb.mjs', false],
      ['sluice-ccc.mjs.4242', true],
      ['other-ddd.mjs', true],
      ['sluice-eee.js', true],
    ] as const) {
      writeFileSync(join(dir, name), name);
      if (old) utimesSync(join(dir, name), twoHoursAgo, twoHoursAgo);
    }
    writeBuild(join(dir, 'sluice-fff.mjs'), 'new');
    assert.deepEqual(readdirSync(dir).sort(), [
      'other-ddd.mjs',
      'sluice-bbb.mjs',
      'sluice-ccc.mjs.4242',
      'sluice-eee.js',
      'sluice-fff.mjs',
    ]);
    assert.equal(readFileSync(join(dir, 'sluice-fff.mjs'), 'utf8'), 'new');
  });
});

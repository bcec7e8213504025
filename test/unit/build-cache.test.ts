import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sourcesHash, writeAtomically } from '../../bin/build-cache.js';

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

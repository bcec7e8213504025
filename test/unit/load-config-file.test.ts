import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfigFile, sourceNameOf } from '../../engine/config/load-config-file';
import type { LoadedConfig } from '../../engine/config/load-config-file';
import { ConfigError } from '../../engine/errors';

const CONFIG = { client: { base_url: 'https://x.test' }, resources: ['a'] };

/** Each file, its contents, and what loading it must give. */
const VALID: Array<[string, string, string, LoadedConfig]> = [
  ['a JSON file', 'api.json', JSON.stringify(CONFIG), { config: CONFIG, name: 'api', format: 'json' }],
  [
    'a JSON file with a byte-order mark',
    'bom.json',
    `\uFEFF${JSON.stringify(CONFIG)}`,
    { config: CONFIG, name: 'bom', format: 'json' },
  ],
  [
    'a YAML file',
    'api.yaml',
    'client:\n  base_url: https://x.test\nresources:\n  - a\n',
    { config: CONFIG, name: 'api', format: 'yaml' },
  ],
  [
    'a .yml file with a secret reference',
    's.yml',
    'token: {$secret: api_token}\n',
    { config: { token: { $secret: 'api_token' } }, name: 's', format: 'yaml' },
  ],
  [
    'a TypeScript default export',
    'default-export.ts',
    `export default ${JSON.stringify(CONFIG)};\n`,
    { config: CONFIG, name: 'default_export', format: 'module' },
  ],
  [
    'a named config export',
    'named.mts',
    `export const config = ${JSON.stringify(CONFIG)};\n`,
    { config: CONFIG, name: 'named', format: 'module' },
  ],
  [
    'an async function exported as source',
    'factory.mjs',
    `export async function source() { return ${JSON.stringify(CONFIG)}; }\n`,
    { config: CONFIG, name: 'factory', format: 'module' },
  ],
  [
    'a Markdown document',
    'My API (v2).md',
    '# My API\n\n```python\nsource = rest_api_source({"client": {"base_url": "https://x.test"}, "resources": ["a"]})\n```\n',
    { config: CONFIG, name: 'my_api_v2', format: 'document' },
  ],
  [
    'a Python file',
    'source.py',
    'config = {"client": {"base_url": "https://x.test"}, "resources": ["a"]}\nsource = rest_api_source(config)\n',
    { config: CONFIG, name: 'source', format: 'python' },
  ],
  [
    'a text document',
    '000_026a418351b15901.txt',
    'rest_api_source({"client": {"base_url": "https://x.test"}, "resources": ["a"]})',
    { config: CONFIG, name: '000_026a418351b15901', format: 'document' },
  ],
];

/** Each broken file and the exact error it must produce; `DIR` stands for the temporary directory. */
const INVALID: Array<[string, string, string | undefined, string]> = [
  ['a missing file', 'missing.json', undefined, 'config file not found: DIR/missing.json'],
  [
    'a JSON config nested 3,000 deep',
    'deep.json',
    `{"resources": ${'['.repeat(3000)}${']'.repeat(3000)}}`,
    `DIR/deep.json: resources${'[0]'.repeat(63)} nests deeper than 64 levels`,
  ],
  [
    'a config of 2 MB',
    'huge.json',
    JSON.stringify({ resources: ['x'.repeat(2 * 1024 * 1024)] }),
    'DIR/huge.json: the config is 2.0 MB; a config may be at most 1 MB',
  ],
  [
    'a JSON file with a bare word',
    'bad.json',
    '{\n  "a": nope\n}',
    "DIR/bad.json: invalid JSON at line 2, column 8: expected a JSON value, found 'n'",
  ],
  [
    'a JSON file with a trailing comma',
    'comma.json',
    '{\n  "a": 1,\n}',
    "DIR/comma.json: invalid JSON at line 2, column 9: trailing comma before '}'",
  ],
  [
    'a JSON file cut short',
    'short.json',
    '{"a": [1, 2',
    "DIR/short.json: invalid JSON at line 1, column 12: expected ',' or ']' after an array element, found the end of the input",
  ],
  [
    'a JSON file with a missing comma',
    'gap.json',
    '{"a": 1\n "b": 2}',
    "DIR/gap.json: invalid JSON at line 2, column 2: expected ',' or '}' after a property value, found '\"'",
  ],
  [
    'a YAML file with a bad indent',
    'bad.yaml',
    'a: 1\nb: [1, 2\nc: d: e\n',
    'DIR/bad.yaml: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  [
    'a TypeScript file with a syntax error',
    'broken.ts',
    'export default {\n  a: 1 +,\n};\n',
    'DIR/broken.ts: could not import the module: line 2, column 9: Unexpected ","',
  ],
  [
    'a module that exports no config',
    'other.mjs',
    'export const x = 1;\n',
    "DIR/other.mjs: the module exports no config: export it as default, or as 'config' or 'source'",
  ],
  [
    'a module that throws',
    'throws.mjs',
    'throw new Error("no network\\nsecond line");\n',
    'DIR/throws.mjs: could not import the module: no network',
  ],
  [
    'a document without a config',
    'notes.md',
    '# Notes\n',
    'no rest_api_source({...}) call or config dict found in DIR/notes.md',
  ],
];

describe('config files load by their extension', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-load-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, file, contents, expected] of VALID) {
    test(name, async () => {
      writeFileSync(join(dir, file), contents);
      assert.deepEqual(await loadConfigFile(join(dir, file)), expected);
    });
  }

  for (const [name, file, contents, message] of INVALID) {
    test(`${name} is refused with a one-line error`, async () => {
      if (contents !== undefined) writeFileSync(join(dir, file), contents);
      await assert.rejects(loadConfigFile(join(dir, file)), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, message.replaceAll('DIR', dir));
        return true;
      });
    });
  }

  test('a directory is refused', async () => {
    await assert.rejects(loadConfigFile(dir), {
      name: 'ConfigError',
      message: `config path is a directory, not a file: ${dir}`,
    });
  });
});

describe('source names come from file names', () => {
  const NAMES: Array<[string, string]> = [
    ['/seeds/000_026a418351b15901.txt', '000_026a418351b15901'],
    ['My API (v2).md', 'my_api_v2'],
    ['box-api.config.yaml', 'box_api_config'],
    ['__weird__.json', 'weird'],
    ['---.json', 'source'],
  ];
  for (const [path, name] of NAMES) {
    test(`${path} is named ${name}`, () => {
      assert.equal(sourceNameOf(path), name);
    });
  }
});

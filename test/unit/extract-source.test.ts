import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { extractSourceConfig } from '../../engine/config/extract-source';
import { ConfigError } from '../../engine/errors';
import type { JsonValue } from '../../engine/json';
import { seedPath } from '../support/seeds';

type Config = {
  client: Record<string, unknown>;
  resource_defaults: Record<string, unknown>;
  resources: Array<Record<string, unknown>>;
};

const seed = (id: '000' | '001' | '002' | '003' | '004'): Config =>
  extractSourceConfig(readFileSync(seedPath(id), 'utf8'), `${id}.txt`) as unknown as Config;

describe('the five reference documents load unchanged', () => {
  test('seed 000 has OAuth2 secrets and one offset-paginated resource', () => {
    const config = seed('000');
    assert.deepEqual((config.client.auth as Record<string, unknown>).client_id, { $secret: 'client_id' });
    assert.deepEqual((config.client.auth as Record<string, unknown>).client_secret, { $secret: 'client_secret' });
    assert.equal(config.client.base_url, 'https://api.example.com');
    assert.deepEqual(config.resource_defaults, { primary_key: 'file_id', write_disposition: 'merge' });
    assert.equal(config.resources[0]!.name, 'files');
    assert.deepEqual((config.resources[0]!.endpoint as Record<string, unknown>).paginator, {
      type: 'offset',
      limit: 100,
    });
  });

  test('seed 001 names its resource cloud_storage_files', () => {
    const config = seed('001');
    assert.deepEqual(
      config.resources.map((r) => r.name),
      ['cloud_storage_files'],
    );
    assert.equal((config.client.auth as Record<string, unknown>).token_url, 'https://api.example.com/oauth/token');
  });

  test('seed 002 has 15 resources with Jinja paginators and wildcard selectors', () => {
    const config = seed('002');
    assert.equal(config.resources.length, 15);
    const events = config.resources[0]!.endpoint as Record<string, Record<string, unknown>>;
    assert.equal(events.paginator!.stop_condition, '{{ response.chunk_size == 0 }}');
    const tasks = config.resources.find((r) => r.name === 'file_tasks')!.endpoint as Record<string, unknown>;
    assert.equal(tasks.data_selector, 'entries.*.task_assignment_collection.entries.*');
  });

  test('seed 003 has a refresh token and default params', () => {
    const config = seed('003');
    assert.deepEqual((config.client.auth as Record<string, unknown>).refresh_token, {
      $secret: 'client_refresh_token',
    });
    assert.deepEqual(config.resource_defaults.endpoint, { params: { limit: 100 } });
    assert.equal(config.resources.length, 8);
  });

  test('seed 004 has one resource with data_selector data', () => {
    const config = seed('004');
    assert.equal((config.resources[0]!.endpoint as Record<string, unknown>).data_selector, 'data');
  });
});

const MARKDOWN = `# My API

Call \`rest_api_source\` with the config below.

\`\`\`bash
pip install dlt
\`\`\`

\`\`\`py
source = rest_api_source(
    {"client": {"base_url": "https://x.test"}, "resources": ["a"]},
    name="x",
)
\`\`\`
`;

/** Each document that holds a config, and the config found in it. */
const VALID: Array<[string, string, JsonValue]> = [
  ['a Python file with a call', 'import dlt\n\nsource = rest_api_source({"resources": ["a"]})\n', { resources: ['a'] }],
  ['a Markdown document with a ```py block', MARKDOWN, { client: { base_url: 'https://x.test' }, resources: ['a'] }],
  ['a keyword config argument', 'rest_api_source(config={"resources": ["b"]})', { resources: ['b'] }],
  [
    'a config argument after other keywords',
    'rest_api_source(name="n", config={"resources": ["c"]})',
    { resources: ['c'] },
  ],
  ['a qualified call', 'source = rest_api.rest_api_source({"resources": ["q"]})', { resources: ['q'] }],
  [
    'a name assigned earlier',
    'config = {"resources": ["old"]}\nconfig = {"resources": ["d"]}\nsource = rest_api_source(config)\n',
    { resources: ['d'] },
  ],
  [
    'a name assigned with a type annotation',
    'config: RESTAPIConfig = {"resources": ["e"]}\nrest_api_source(config)',
    { resources: ['e'] },
  ],
  [
    'a name assigned inside a function',
    'def source():\n    cfg = {"resources": ["f"]}\n    return rest_api_source(cfg)',
    { resources: ['f'] },
  ],
  [
    'an assigned dict without any call',
    'headers = {"a": 1}\nCONFIG = {\n    "resources": ["g"],\n}\n',
    { resources: ['g'] },
  ],
  [
    'a call inside the block, not the mention in the prose',
    'Use rest_api_source(config).\n```python\nrest_api_source({"resources": ["h"]})\n```',
    { resources: ['h'] },
  ],
  [
    'a definition skipped for the call',
    'def rest_api_source(config):\n    pass\nrest_api_source({"resources": ["i"]})',
    { resources: ['i'] },
  ],
];

/** Each document without a usable config, and the exact error it must produce. */
const INVALID: Array<[string, string, string]> = [
  [
    'a document with no config',
    '# Notes\n\nNothing to see.\n',
    'no rest_api_source({...}) call or config dict found in doc.md',
  ],
  [
    'an assigned dict without resources',
    'settings = {"a": 1}\n',
    'no rest_api_source({...}) call or config dict found in doc.md',
  ],
  [
    'a name that is never assigned',
    'rest_api_source(cfg)',
    "doc.md: line 1, column 17: rest_api_source(cfg) refers to 'cfg', but no 'cfg = {...}' assignment was found",
  ],
  [
    'a call without a config argument',
    'rest_api_source(name="x")',
    'doc.md: line 1, column 17: rest_api_source(...) has no config argument',
  ],
  [
    'a config built by a function call',
    'rest_api_source(make_config())',
    "doc.md: line 1, column 17: expected a literal value, found call of 'make_config(...)'",
  ],
  [
    'an environment lookup inside a Markdown block, at its line in the document',
    '# Title\n\n```python\nsource = rest_api_source({\n    "client": {"base_url": os.environ["URL"]},\n})\n```\n',
    "doc.md: line 5, column 28: expected a literal value, found name 'os.environ'",
  ],
  [
    'an assigned config with an f-string',
    'config = {\n    "resources": [f"{name}"],\n}\n',
    'doc.md: line 2, column 19: expected a literal value, found f-string f"{name}"',
  ],
];

describe('a config is found in Python files and documents', () => {
  for (const [name, text, expected] of VALID) {
    test(name, () => {
      assert.deepEqual(extractSourceConfig(text, 'doc.md'), expected);
    });
  }
});

describe('documents without a usable config are refused', () => {
  for (const [name, text, message] of INVALID) {
    test(name, () => {
      assert.throws(
        () => extractSourceConfig(text, 'doc.md'),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }
});

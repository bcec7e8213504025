import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

/**
 * The README is how a newcomer first runs sluice, so its commands must keep working as package.json and the CLI
 * change: this reads the commands out of the README and checks each against what would run.
 */
const README = readFileSync('README.md', 'utf8');
const SCRIPTS = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const CLI = 'node bin/sluice.js ';

/** The npm scripts the README runs, `npm test` as `test`, each with the flags it is shown with after `--`. */
function readmeScripts(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const paragraph of README.split(/\n\s*\n/)) {
    let current: string | undefined;
    for (const match of paragraph.matchAll(/npm (?:run(?: --silent)? ([\w:-]+)|(test)\b)|-- (--[\w-]+)/g)) {
      const script = match[1] ?? match[2];
      if (script !== undefined) {
        current = script;
        if (!found.has(script)) found.set(script, new Set());
      } else if (current !== undefined) found.get(current)!.add(match[3]!);
    }
  }
  return found;
}

/** Whether an npm script accepts `flag`: the CLI's help lists it, or the file the script runs reads it. */
async function acceptsFlag(script: string, flag: string): Promise<boolean> {
  const command = SCRIPTS[script]!;
  if (command.startsWith(CLI)) {
    const args = ['bin/sluice.js', ...command.slice(CLI.length).split(' '), '--help'];
    const { stdout } = await promisify(execFile)(process.execPath, args);
    return new RegExp(`(^|\\s)${flag}\\b`, 'm').test(stdout);
  }
  const source = /\S+\.[jt]s\b/.exec(command)?.[0];
  assert.ok(source, `cannot tell which file npm run ${script} runs: ${command}`);
  // Written out as a string, or declared as a node:util parseArgs option.
  const name = flag.replace(/^--/, '');
  return new RegExp(`['"]${flag}['"]|\\b${name}:\\s*\\{\\s*type:`).test(readFileSync(source, 'utf8'));
}

describe('the README runs what package.json defines', () => {
  const named = readmeScripts();

  test('the quick start installs and runs the demo, then runs the tests', () => {
    const quickStart = /```bash\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    const commands = quickStart.split('\n').map((line) => line.replace(/#.*/, '').trim());
    assert.deepEqual(commands.filter(Boolean), ['npm install && npm run demo', 'npm test']);
  });

  test('every npm script the README names exists in package.json', () => {
    const missing = [...named.keys()].filter((script) => !Object.hasOwn(SCRIPTS, script));
    assert.deepEqual(missing, [], `the README names npm scripts that package.json lacks`);
  });

  test('every npm script in package.json is named in the README', () => {
    const unnamed = Object.keys(SCRIPTS).filter((script) => !named.has(script));
    assert.deepEqual(unnamed, [], `package.json has npm scripts the README does not mention`);
  });

  test('every flag the README passes to an npm script is one the script reads', { timeout: 120_000 }, async () => {
    const unknown: string[] = [];
    for (const [script, flags] of named) {
      for (const flag of flags) if (!(await acceptsFlag(script, flag))) unknown.push(`npm run ${script} -- ${flag}`);
    }
    assert.deepEqual(unknown, []);
  });

  test("CI runs the README's test command", () => {
    assert.match(readFileSync('.ci/run', 'utf8'), /^npm test$/m);
  });
});

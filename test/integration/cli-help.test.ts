import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allCommands, commandPath, createProgram, HIDDEN_COMMANDS } from '../../client/cli/program';
import { runCli } from '../support/cli';
import packageJson from '../../package.json' with { type: 'json' };

/** Help text with its line wrapping undone, so a wrapped description still matches. */
const unwrapped = (text: string) => text.replace(/\s+/g, ' ');

describe('sluice --help, generated from the option definitions', () => {
  for (const command of allCommands(createProgram())) {
    const words = commandPath(command);
    test(`sluice ${[...words, '--help'].join(' ')} exits 0 and lists every option the parser accepts`, async () => {
      const result = await runCli([...words, '--help'], { timeoutMs: 60_000 });
      assert.equal(result.code, 0, result.stderr);
      const help = unwrapped(result.stdout);
      for (const option of command.options) {
        assert.ok(option.description, `${option.flags} has a description`);
        assert.ok(help.includes(`${option.flags} ${unwrapped(option.description)}`), `${option.flags} in:\n${help}`);
      }
      for (const argument of command.registeredArguments)
        assert.ok(help.includes(`${argument.name()} ${unwrapped(argument.description)}`), argument.name());
      for (const sub of command.commands) {
        const listed = help.includes(` ${sub.name()} `);
        assert.equal(listed, !HIDDEN_COMMANDS.has(sub.name()), `${sub.name()} listed: ${listed}`);
      }
    });
  }

  test('sluice --version prints the version in package.json', async () => {
    const result = await runCli(['--version'], { timeoutMs: 60_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), packageJson.version);
  });
});

describe('options that would do nothing are not offered', () => {
  test('sluice run refuses --keep-server: the shared local server outlives every run anyway', async () => {
    const result = await runCli(['run', 'source.py', '--keep-server'], { timeoutMs: 60_000 });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^sluice run: unknown option '--keep-server'/);
  });
});

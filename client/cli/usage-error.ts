import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SluiceError } from '../../engine/errors';

/** The command line is wrong: an unknown flag, a missing argument. */
export class UsageError extends SluiceError {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's flags, turning parser errors into a one-line {@link UsageError}. */
export function parseCommand<T extends Options>(argv: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals)
      throw new UsageError(`unexpected argument '${parsed.positionals[positionals]}'`);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

import { z } from 'zod';

// The building blocks of the config schema: strict objects, and the values configs hold everywhere.

/** An object schema that refuses unknown keys, naming them and the known ones. */
export function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (known: ${known})`
        : undefined,
  });
}

export const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int('must be a positive integer')
  .positive('must be a positive integer');
export const nonNegativeInt = z
  .number({ error: 'must be a non-negative integer' })
  .int('must be a non-negative integer')
  .min(0, 'must be a non-negative integer');
export const text = z.string({ error: 'must be a string' });
export const secretRef = strict({ $secret: text });
export const secretOrText = z.union([text, secretRef], { error: 'must be a string or a secret reference' });
export const jsonMap = z.record(z.string(), z.unknown(), { error: 'must be an object' });
export const stringList = z.union([text, z.array(text)], { error: 'must be a string or a list of strings' });

/** Validates an object against the shape its `type` selects, reporting an unknown type with the known ones. */
export function typed(shapes: Record<string, z.ZodRawShape>, aliases: Record<string, string> = {}) {
  const types = [...Object.keys(shapes), ...Object.keys(aliases)];
  return z.looseObject({ type: text }).superRefine((value, ctx) => {
    const shape = shapes[aliases[value.type] ?? value.type];
    if (!shape) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `must be one of ${types.join(', ')}` });
      return;
    }
    const result = strict({ type: text, ...shape }).safeParse(value);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  });
}

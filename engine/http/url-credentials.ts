/** A string that starts like an absolute http(s) URL with userinfo (`user@` or `user:password@`). */
const WITH_USERINFO = /^https?:\/\/[^/?#]*@/i;

/**
 * Every URL in a config that carries a user name or password, one line each, naming where it is and never what it
 * holds: such a URL would put its password into workflow history and every message that shows the URL. The walk keeps
 * its own stack, so no nesting depth is a danger to it.
 */
export function urlCredentialProblems(config: unknown): string[] {
  const problems: string[] = [];
  const pending: Array<[value: unknown, path: string]> = [[config, '']];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [value, path] = entry;
    if (typeof value === 'string') {
      if (WITH_USERINFO.test(value.trim()))
        problems.push(`${path || 'config'} must not carry a user name or password: use auth: http_basic with secrets`);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) pending.push([value[index], `${path}[${index}]`]);
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value).reverse())
        pending.push([(value as Record<string, unknown>)[key], path ? `${path}.${key}` : key]);
    }
  }
  return problems;
}

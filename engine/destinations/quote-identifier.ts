/**
 * Quotes an identifier for SQL: wrapped in double quotes, embedded double quotes doubled. Both SQLite and PostgreSQL
 * read it this way. Names sluice generates are already normalised; quoting is the second line of defence.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes and joins a list of identifiers: `"a", "b"`. */
export function quoteIdentifiers(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(', ');
}

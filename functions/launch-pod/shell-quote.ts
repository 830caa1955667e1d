/** One shell word in single quotes; an embedded `'` becomes `'"'"'` (as the original writes it). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

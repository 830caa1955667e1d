/** One-line summaries of tool inputs for the log pretty printers. */
const MAX_RUNES = 120;

/** Escapes newlines as `\n` and cuts at 120 characters (by code point) + "...". */
export function summarize(value: string): string {
  const escaped = value.replace(/\r?\n/g, '\\n');
  const runes = [...escaped];
  return runes.length > MAX_RUNES ? `${runes.slice(0, MAX_RUNES).join('')}...` : escaped;
}

/** The input field that best describes a tool call, or "" if there is none. */
export function toolInputSummary(
  input: unknown,
  fieldsByTool: Record<string, string[]>,
  tool: string,
): string {
  if (!input || typeof input !== 'object') return '';
  const fields = fieldsByTool[tool] ?? [];
  for (const field of fields) {
    const v = (input as Record<string, unknown>)[field];
    if (typeof v === 'string' && v !== '') return summarize(v);
  }
  return '';
}

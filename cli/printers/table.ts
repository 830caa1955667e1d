/**
 * Column layout of Go's text/tabwriter with minwidth 0 and padding 3, as the
 * original CLI used: every column but the last is padded to its widest cell
 * plus three spaces; widths count characters (runes), not bytes.
 */
import type { Writable } from 'node:stream';

export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length + 3),
        )
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export function writeTable(out: Writable, rows: string[][]): void {
  out.write(formatTable(rows));
}

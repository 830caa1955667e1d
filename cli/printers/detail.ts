/**
 * The `-d/--detail` layout: `%-20s%s` with the label followed by ":", and the
 * lines after the first of a multi-line value indented by 20 spaces.
 */
const LABEL_WIDTH = 20;

export class DetailWriter {
  private readonly lines: string[] = [];

  field(label: string, value: string): this {
    const head = `${label}:`.padEnd(LABEL_WIDTH, ' ');
    const [first = '', ...rest] = value.split('\n');
    this.lines.push(`${head}${first}`);
    for (const line of rest) this.lines.push(`${' '.repeat(LABEL_WIDTH)}${line}`);
    return this;
  }

  /** Adds the field only when the value is non-empty (the original's optional fields). */
  optional(label: string, value: string | undefined): this {
    return value ? this.field(label, value) : this;
  }

  toString(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}

/** Go's `fmt.Sprint` of a []string: `[a b]`. */
export function goSlice(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

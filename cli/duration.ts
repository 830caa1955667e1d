/**
 * Go `time.ParseDuration` syntax (`1h30m`, `90s`, `1.5h`, `250ms`), which is
 * what `kelos run --timeout` accepts for compatibility with the original CLI.
 * Returns nanoseconds; errors quote the input the way Go does.
 */
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export function parseGoDuration(input: string): number {
  const invalid = (): Error => new Error(`time: invalid duration "${input}"`);
  let s = input;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[2];
    if (whole === '' && (frac === undefined || frac === '')) throw invalid();
    s = s.slice(num?.[0].length ?? 0);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (unit === '') throw new Error(`time: missing unit in duration "${input}"`);
    const scale = UNIT_NS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit "${unit}" in duration "${input}"`);
    s = s.slice(unit.length);
    total += Number(`${whole || '0'}.${frac ?? ''}0`) * scale;
  }
  return sign * total;
}

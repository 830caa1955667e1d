/** Small helpers every benchmark uses to print its figures. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(values: readonly number[], unit = 'ms'): string {
  const f = (n: number) => `${n.toFixed(1)} ${unit}`;
  return `n=${values.length} p50=${f(percentile(values, 50))} p90=${f(percentile(values, 90))} p99=${f(percentile(values, 99))} max=${f(Math.max(...values))}`;
}

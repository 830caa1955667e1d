/**
 * ISO-8601 durations as Knative's DeliverySpec uses them (`PT0.2S`, `PT1M`,
 * `P1DT2H`); years and months are refused because they have no fixed length.
 */
const PATTERN =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDurationMs(text: string): number {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T'))
    throw new Error(`invalid ISO-8601 duration: ${JSON.stringify(text)}`);
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round(
    ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000,
  );
}

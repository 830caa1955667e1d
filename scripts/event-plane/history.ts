/**
 * A bounded record for tests and debugging: keeps the last `limit` entries.
 * Knative's broker keeps no history at all; the local plane keeps a window
 * so that a long run (a 10,000-Task burst) does not grow without end.
 */
export function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

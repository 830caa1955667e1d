/** priorityLabels ordering (KELOS-BEHAVIOUR §3.6): best (lowest) index among the item's labels. */
import type { WorkItem } from './work-item.js';

export function labelPriorityIndex(labels: readonly string[], priorityLabels: readonly string[]): number {
  let best = priorityLabels.length;
  for (const label of labels) {
    const i = priorityLabels.indexOf(label);
    if (i >= 0 && i < best) best = i;
  }
  return best;
}

/** Stable sort by priority; returns a new array, the input is unchanged. */
export function sortByLabelPriority<T extends Pick<WorkItem, 'labels'>>(
  items: readonly T[],
  priorityLabels: readonly string[] | undefined,
): T[] {
  if (!priorityLabels || priorityLabels.length === 0) return [...items];
  return items
    .map((item, index) => ({ item, index, rank: labelPriorityIndex(item.labels, priorityLabels) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.item);
}

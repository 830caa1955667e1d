/**
 * What a relist changed, in the order it happened. A list returns objects in
 * key (name) order, but the invariants judge each change against the model as
 * it stood, so applying a relist in name order can invent an overlap that
 * never existed (t27 taking a branch applied before t30 gave it up, only
 * because "t27" sorts first). Changes are therefore applied in
 * resourceVersion order, which is etcd's commit order (resourceVersion is opaque to clients in general; this harness only ever
 * talks to a real kube-apiserver on etcd, where it is the revision).
 *
 * When an object was deleted is unknown (only that it happened after its last
 * seen version), so deletions go first: a vanished object can then never seem
 * to overlap with what replaced it. That can hide a violation inside the gap
 * of a broken watch, never invent one.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- objects straight off the API */

export type RelistChange = { verb: 'add' | 'update' | 'delete'; obj: any };

/** Compares two resourceVersions numerically (they may exceed 2^53). */
export function compareResourceVersions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `known`: uid → the last seen object and its resourceVersion; `items`: the
 * list's objects. Returns the changes to apply: deletions first, then adds and
 * updates oldest first.
 */
export function relistChanges(
  known: ReadonlyMap<string, { rv: string; obj: any }>,
  items: readonly any[],
): RelistChange[] {
  const seen = new Set<string>();
  const changed: RelistChange[] = [];
  for (const item of items) {
    const uid = item.metadata.uid as string;
    seen.add(uid);
    const before = known.get(uid);
    if (!before) changed.push({ verb: 'add', obj: item });
    else if (before.rv !== item.metadata.resourceVersion) changed.push({ verb: 'update', obj: item });
  }
  changed.sort((a, b) =>
    compareResourceVersions(a.obj.metadata.resourceVersion, b.obj.metadata.resourceVersion),
  );
  const deleted: RelistChange[] = [...known]
    .filter(([uid]) => !seen.has(uid))
    .map(([, k]) => ({ verb: 'delete' as const, obj: k.obj }));
  return [...deleted, ...changed];
}

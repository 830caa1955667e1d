/** Table and detail output of `kelos get workspace`. */
import type { Writable } from 'node:stream';
import type { Workspace } from '../../functions/core/api/types.js';
import { age } from './human-duration.js';
import { DetailWriter } from './detail.js';
import { writeTable } from './table.js';
import { withNamespace } from './task-printer.js';

export function printWorkspaceTable(
  out: Writable,
  items: Workspace[],
  now: Date,
  allNamespaces: boolean,
): void {
  const rows = items.map((w) => [
    w.metadata.name ?? '',
    w.spec.repo,
    w.spec.ref ?? '',
    age(w.metadata.creationTimestamp, now),
  ]);
  writeTable(out, withNamespace(['NAME', 'REPO', 'REF', 'AGE'], rows, items, allNamespaces));
}

export function printWorkspaceDetail(out: Writable, ws: Workspace): void {
  const d = new DetailWriter()
    .field('Name', ws.metadata.name ?? '')
    .field('Namespace', ws.metadata.namespace ?? '')
    .field('Repo', ws.spec.repo)
    .optional('Ref', ws.spec.ref)
    .optional('Secret', ws.spec.secretRef?.name);
  out.write(d.toString());
}

/**
 * The Source port: where a TaskSpawner's work items come from. One file per
 * source (github-issues.ts, jira.ts, cron.ts), listed in registry.ts; a
 * discovery pass asks the first source that serves the spawner for its items
 * and admits them (admit.ts) — nothing else in spawn knows which source it was.
 */
import type { KubePort } from '../../core/k8s/port.js';
import type { Logger } from '../../core/runtime/contract.js';
import type { SpawnConfig } from '../config.js';
import type { WorkItem } from '../decide/work-item.js';
import type { SpawnState } from '../spawn-state.js';
import type { SpawnerObject } from '../spawner-io.js';

export interface SourceContext {
  kube: KubePort;
  log: Logger;
  config: SpawnConfig;
  /** Process caches (ETags, rate-limit back-off, App tokens) and the test fetch. */
  state: SpawnState;
  /** The clock, for token expiry and rate-limit resets. */
  now: () => Date;
  /** The time of this pass: cron ticks are judged up to it. */
  passTime: Date;
}

export interface Discovered {
  /** In admission order: waiting items are admitted first to last. */
  items: WorkItem[];
  /** Cron only: the ticks of this pass and the end of the window they cover (moves the cursor). */
  cron?: { ticks: WorkItem[]; until: Date };
}

export interface Source {
  /** The `spec.when` field this source reads, for logs and errors. */
  readonly name: string;
  /** Whether this source serves the spawner (its `spec.when` field is set). */
  handles(spawner: SpawnerObject): boolean;
  /** Every current work item; throws when the source cannot be read (the next pass retries). */
  discover(spawner: SpawnerObject, context: SourceContext): Promise<Discovered>;
}

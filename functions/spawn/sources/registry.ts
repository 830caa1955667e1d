/**
 * The sources spawn knows, in precedence order (as the original: githubIssues,
 * jira, cron). Adding a source = its file, one line here, and its field in the
 * TaskSpawner type and CRD.
 */
import { cronSource } from './cron.js';
import { githubIssuesSource } from './github-issues.js';
import { jiraSource } from './jira.js';
import type { Source } from './source.js';
import type { SpawnerObject } from '../spawner-io.js';

export const defaultSources: readonly Source[] = [githubIssuesSource, jiraSource, cronSource];

export class NoSourceError extends Error {
  constructor(readonly spawner: SpawnerObject) {
    super(`no source configured in TaskSpawner ${spawner.metadata.namespace}/${spawner.metadata.name}`);
    this.name = 'NoSourceError';
  }
}

/** The first source that serves the spawner; NoSourceError when none does. */
export function sourceFor(spawner: SpawnerObject, sources: readonly Source[] = defaultSources): Source {
  const source = sources.find((s) => s.handles(spawner));
  if (!source) throw new NoSourceError(spawner);
  return source;
}

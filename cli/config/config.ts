/** ~/.kelos/config.yaml (KELOS-BEHAVIOUR §6.1). A missing file is an empty config. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface GitHubAppConfig {
  appID?: string;
  installationID?: string;
  privateKeyPath?: string;
}

export interface WorkspaceConfig {
  name?: string;
  repo?: string;
  ref?: string;
  token?: string;
  githubApp?: GitHubAppConfig;
}

export interface KelosConfig {
  oauthToken?: string;
  apiKey?: string;
  secret?: string;
  credentialType?: string;
  type?: string;
  model?: string;
  namespace?: string;
  agentConfig?: string;
  workspace?: WorkspaceConfig;
}

export async function loadConfig(path: string): Promise<KelosConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`reading config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`parsing config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`parsing config file ${path}: expected a mapping at the top level`);
  }
  return normalise(doc as Record<string, unknown>);
}

/** YAML numbers (e.g. an unquoted appID) become strings, as Go's string fields would. */
function normalise(doc: Record<string, unknown>): KelosConfig {
  const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
  const out: KelosConfig = {};
  for (const key of [
    'oauthToken',
    'apiKey',
    'secret',
    'credentialType',
    'type',
    'model',
    'namespace',
    'agentConfig',
  ] as const) {
    const v = str(doc[key]);
    if (v !== undefined) out[key] = v;
  }
  const ws = doc['workspace'];
  if (ws && typeof ws === 'object') {
    const w = ws as Record<string, unknown>;
    const workspace: WorkspaceConfig = {};
    for (const key of ['name', 'repo', 'ref', 'token'] as const) {
      const v = str(w[key]);
      if (v !== undefined) workspace[key] = v;
    }
    const app = w['githubApp'];
    if (app && typeof app === 'object') {
      const a = app as Record<string, unknown>;
      const githubApp: GitHubAppConfig = {};
      for (const key of ['appID', 'installationID', 'privateKeyPath'] as const) {
        const v = str(a[key]);
        if (v !== undefined) githubApp[key] = v;
      }
      workspace.githubApp = githubApp;
    }
    out.workspace = workspace;
  }
  return out;
}

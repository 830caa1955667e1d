/** The credentials Secret and inline Workspace that `kelos run` derives from the config file. */
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Workspace, WorkspaceSpec } from '../../functions/core/api/types.js';
import { API_VERSION } from '../../functions/core/api/constants.js';
import type { CliContext } from '../context.js';
import type { CliKube } from '../kube/client.js';
import type { KelosConfig, WorkspaceConfig } from '../config/config.js';
import { resolveCredentialValue } from '../config/resolve-content.js';
import { expandHome } from '../config/paths.js';
import { credentialKey } from '../credentials.js';
import { planSecret, type Change } from '../changes.js';
import { WORKSPACE, ref } from '../resources.js';

export const CREDENTIALS_SECRET = 'kelos-credentials';
export const INLINE_WORKSPACE = 'kelos-workspace';
export const INLINE_WORKSPACE_SECRET = 'kelos-workspace-credentials';

interface CredentialsPlan {
  secret: string;
  credentialType: string;
  change?: Change | undefined;
}

export async function planCredentials(p: {
  ctx: CliContext;
  kube: CliKube;
  namespace: string;
  config: KelosConfig;
  type: string;
  dryRun: boolean;
}): Promise<CredentialsPlan> {
  const { oauthToken, apiKey } = p.config;
  if (oauthToken && apiKey) throw new Error('config file must specify either oauthToken or apiKey, not both');
  const raw = oauthToken ?? apiKey;
  if (!raw) return { secret: '', credentialType: '' };
  const credentialType = oauthToken ? 'oauth' : 'api-key';
  if (p.dryRun) return { secret: CREDENTIALS_SECRET, credentialType };
  const value = await resolveCredentialValue(raw, p.ctx.env);
  const key = credentialKey(p.type, credentialType);
  const change = await planSecret(
    p.kube,
    { namespace: p.namespace, name: CREDENTIALS_SECRET },
    { [key]: value },
  );
  return { secret: CREDENTIALS_SECRET, credentialType, change };
}

export async function planInlineWorkspace(p: {
  ctx: CliContext;
  kube: CliKube;
  namespace: string;
  ws: WorkspaceConfig;
}): Promise<Change[]> {
  const { ws, kube, namespace } = p;
  if (ws.token && ws.githubApp)
    throw new Error('workspace config must specify either token or githubApp, not both');
  const changes: Change[] = [];
  const secretRef = { namespace, name: INLINE_WORKSPACE_SECRET };
  if (ws.token) {
    const c = await planSecret(kube, secretRef, { GITHUB_TOKEN: ws.token });
    if (c) changes.push(c);
  } else if (ws.githubApp) {
    const app = ws.githubApp;
    const keyPath = expandHome(app.privateKeyPath ?? '', p.ctx.env);
    const privateKey = await readFile(keyPath, 'utf8').catch((err: unknown) => {
      throw new Error(`reading GitHub App private key ${keyPath}: ${(err as Error).message}`, { cause: err });
    });
    const data = { appID: app.appID ?? '', installationID: app.installationID ?? '', privateKey };
    const c = await planSecret(kube, secretRef, data, true);
    if (c) changes.push(c);
  }
  const spec: WorkspaceSpec = { repo: ws.repo ?? '' };
  if (ws.ref) spec.ref = ws.ref;
  if (ws.token || ws.githubApp) spec.secretRef = { name: INLINE_WORKSPACE_SECRET };
  const existing = await kube.get<Workspace>(ref(WORKSPACE, namespace, INLINE_WORKSPACE));
  if (!existing) {
    const obj: Workspace = {
      apiVersion: API_VERSION,
      kind: 'Workspace',
      metadata: { name: INLINE_WORKSPACE, namespace },
      spec,
    };
    changes.push({
      resource: `workspace/${INLINE_WORKSPACE}`,
      overrides: false,
      apply: async () => void (await kube.create(obj)),
    });
  } else if (!isDeepStrictEqual(existing.spec, spec)) {
    changes.push({
      resource: `workspace/${INLINE_WORKSPACE}`,
      overrides: true,
      apply: async () => void (await kube.replace({ ...existing, spec })),
    });
  }
  return changes;
}

/**
 * The kinds the functions touch, with where each lives in the REST API. A
 * static table instead of API discovery: discovery costs round trips at cold
 * start and these never change.
 */
export interface KindInfo {
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

const KINDS: Record<string, KindInfo> = {
  Task: { group: 'kelos.dev', version: 'v1alpha1', plural: 'tasks', namespaced: true },
  Workspace: { group: 'kelos.dev', version: 'v1alpha1', plural: 'workspaces', namespaced: true },
  AgentConfig: { group: 'kelos.dev', version: 'v1alpha1', plural: 'agentconfigs', namespaced: true },
  TaskSpawner: { group: 'kelos.dev', version: 'v1alpha1', plural: 'taskspawners', namespaced: true },
  Pod: { group: '', version: 'v1', plural: 'pods', namespaced: true },
  Secret: { group: '', version: 'v1', plural: 'secrets', namespaced: true },
  ServiceAccount: { group: '', version: 'v1', plural: 'serviceaccounts', namespaced: true },
  ConfigMap: { group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  Event: { group: '', version: 'v1', plural: 'events', namespaced: true },
  Namespace: { group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  Lease: { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true },
};

function groupVersion(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Looks a kind up, checking that the apiVersion the caller gave matches the table. */
export function kindInfo(apiVersion: string, kind: string): KindInfo {
  const info = KINDS[kind];
  if (!info) {
    throw new Error(`unsupported kind ${kind} (known: ${Object.keys(KINDS).join(', ')})`);
  }
  if (groupVersion(info) !== apiVersion) {
    throw new Error(`unsupported apiVersion ${apiVersion} for kind ${kind} (expected ${groupVersion(info)})`);
  }
  return info;
}

export interface PathParts {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** `/api/v1/namespaces/ns/pods/p/log`, `/apis/kelos.dev/v1alpha1/namespaces/ns/tasks`, … */
export function resourcePath(info: KindInfo, parts: PathParts): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  let path = base;
  if (info.namespaced && parts.namespace) path += `/namespaces/${encodeURIComponent(parts.namespace)}`;
  path += `/${info.plural}`;
  if (parts.name) path += `/${encodeURIComponent(parts.name)}`;
  if (parts.subresource) path += `/${parts.subresource}`;
  return path;
}

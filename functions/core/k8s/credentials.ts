/**
 * Where the API server is and how to authenticate: from a kubeconfig file
 * (KUBECONFIG, else ~/.kube/config) or from the in-cluster ServiceAccount.
 * The kubeconfig is parsed with `yaml`, loaded only when a file is used, so
 * in-cluster functions never pay for it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

export interface KubeCredentials {
  /** https://host:port, no trailing slash. */
  server: string;
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
  /** Static bearer token. */
  token?: string | undefined;
  /** Token file re-read periodically (projected ServiceAccount tokens rotate). */
  tokenFile?: string | undefined;
  /** Asked before every request, over token and tokenFile (the CLI: kubeconfig exec plugins). */
  tokenProvider?: (() => Promise<string | undefined>) | undefined;
  insecureSkipTlsVerify: boolean;
  /** Where these came from, for logs: a file path or "in-cluster". */
  origin: string;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface CredentialOptions {
  /** Directory of the in-cluster ServiceAccount mount; tests point it elsewhere. */
  serviceAccountDir?: string;
}

/** KUBECONFIG (first path of a list) › in-cluster › ~/.kube/config. */
export async function loadKubeCredentials(
  env: NodeJS.ProcessEnv = process.env,
  options: CredentialOptions = {},
): Promise<KubeCredentials> {
  const explicit = env.KUBECONFIG?.split(':').find((p) => p.length > 0);
  if (explicit) return fromKubeconfigFile(explicit);
  if (env.KUBERNETES_SERVICE_HOST) return inCluster(env, options.serviceAccountDir ?? SA_DIR);
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return fromKubeconfigFile(home);
  throw new Error('no Kubernetes credentials: set KUBECONFIG, or run in a cluster (KUBERNETES_SERVICE_HOST)');
}

async function inCluster(env: NodeJS.ProcessEnv, saDir: string): Promise<KubeCredentials> {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const hostPart = host.includes(':') ? `[${host}]` : host; // IPv6 service IPs
  const tokenFile = join(saDir, 'token');
  return {
    server: `https://${hostPart}:${port}`,
    ca: await readFile(join(saDir, 'ca.crt')).catch((err: unknown) => {
      throw new Error(`reading in-cluster CA ${join(saDir, 'ca.crt')}`, { cause: err });
    }),
    tokenFile,
    insecureSkipTlsVerify: false,
    origin: 'in-cluster',
  };
}

export async function fromKubeconfigFile(path: string): Promise<KubeCredentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`reading kubeconfig ${path}`, { cause: err });
  }
  const yaml = await import('yaml');
  // Bundled, the CommonJS `yaml` arrives as a namespace whose named exports sit under `default`.
  const parse = yaml.parse ?? (yaml as unknown as { default: typeof yaml }).default.parse;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`parsing kubeconfig ${path}`, { cause: err });
  }
  return fromKubeconfig(doc, dirname(path), path);
}

type Entry = Record<string, unknown>;

function named(list: unknown, name: string, what: string, path: string): Entry {
  const items = Array.isArray(list) ? (list as Entry[]) : [];
  const found = items.find((i) => i && i.name === name);
  if (!found) throw new Error(`kubeconfig ${path}: ${what} "${name}" not found`);
  return (found[what] as Entry | undefined) ?? {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Resolves a kubeconfig's parsed document; relative file paths are relative to its directory. */
export async function fromKubeconfig(doc: unknown, baseDir: string, path: string): Promise<KubeCredentials> {
  const cfg = (doc ?? {}) as Entry;
  const contextName = str(cfg['current-context']);
  if (!contextName) throw new Error(`kubeconfig ${path}: no current-context`);
  const context = named(cfg.contexts, contextName, 'context', path);
  const cluster = named(cfg.clusters, str(context.cluster) ?? '', 'cluster', path);
  const user = context.user === undefined ? {} : named(cfg.users, str(context.user) ?? '', 'user', path);
  const server = str(cluster.server);
  if (!server) throw new Error(`kubeconfig ${path}: cluster of context "${contextName}" has no server`);
  const file = (p: string) => readFile(isAbsolute(p) ? p : join(baseDir, p));
  const dataOrFile = async (dataKey: string, fileKey: string, from: Entry) => {
    const data = str(from[dataKey]);
    if (data) return Buffer.from(data, 'base64');
    const f = str(from[fileKey]);
    return f ? file(f) : undefined;
  };
  const tokenFile = str(user.tokenFile);
  return {
    server: server.replace(/\/+$/, ''),
    ca: await dataOrFile('certificate-authority-data', 'certificate-authority', cluster),
    cert: await dataOrFile('client-certificate-data', 'client-certificate', user),
    key: await dataOrFile('client-key-data', 'client-key', user),
    token: str(user.token),
    tokenFile: tokenFile && !isAbsolute(tokenFile) ? join(baseDir, tokenFile) : tokenFile,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    origin: path,
  };
}

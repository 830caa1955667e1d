/** Runs the CLI in-process against the shared test API server, in a fresh HOME. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../support/cluster.js';
import { run, type RunOptions, type RunResult } from '../../unit/cli/support/run.js';

export interface CliEnv {
  home: string;
  kelos(argv: string[], opts?: RunOptions): Promise<RunResult>;
  writeConfig(text: string): Promise<void>;
}

export async function cliEnv(cluster: Cluster, namespace: string): Promise<CliEnv> {
  const home = await mkdtemp(join(tmpdir(), 'kelos-cli-it-'));
  return {
    home,
    kelos: (argv, opts = {}) => {
      const flags = ['--kubeconfig', cluster.kubeconfigPath, '-n', namespace];
      // `__complete` must stay first: its words are the command line being completed.
      const args =
        argv[0] === '__complete' ? ['__complete', ...flags, ...argv.slice(1)] : [...flags, ...argv];
      return run(args, { env: { HOME: home }, pollMs: 20, ...opts });
    },
    async writeConfig(text) {
      await mkdir(join(home, '.kelos'), { recursive: true });
      await writeFile(join(home, '.kelos', 'config.yaml'), text);
    },
  };
}

/** kubectl that must succeed; returns stdout. */
export async function k(cluster: Cluster, args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl JSON, read field by field in assertions
export async function kjson<T = any>(cluster: Cluster, args: string[]): Promise<T> {
  return JSON.parse(await k(cluster, [...args, '-o', 'json'])) as T;
}

export async function exists(cluster: Cluster, args: string[]): Promise<boolean> {
  return (await cluster.kubectl(['get', ...args])).code === 0;
}

export function taskYaml(name: string, ns: string, extra = ''): string {
  return `apiVersion: kelos.dev/v1alpha1
kind: Task
metadata: { name: ${name}, namespace: ${ns} }
spec:
  type: claude-code
  prompt: do it
  credentials: { type: api-key, secretRef: { name: creds } }
${extra}`;
}

export function spawnerYaml(name: string, ns: string, suspend = false): string {
  return `apiVersion: kelos.dev/v1alpha1
kind: TaskSpawner
metadata: { name: ${name}, namespace: ${ns} }
spec:
  suspend: ${suspend}
  when: { cron: { schedule: "0 * * * *" } }
  taskTemplate:
    type: claude-code
    credentials: { type: api-key, secretRef: { name: creds } }
`;
}

/** Plays the controller: writes a Task's status through the status subresource. */
export async function setTaskStatus(
  cluster: Cluster,
  ns: string,
  name: string,
  status: object,
): Promise<void> {
  await k(cluster, [
    'patch',
    'task',
    name,
    '-n',
    ns,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
}

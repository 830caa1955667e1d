/**
 * Set-up for the report-github integration tests: the real API server, a
 * namespace with a GitHub token Secret and a Workspace, the fake GitHub, and
 * report-github servers (each its own replica state) behind the real runtime.
 * The test plays the other functions by writing Task status, and the broker
 * by delivering events (retrying 409 and 5xx as a Trigger does).
 */
import { useCluster } from '../../support/cluster.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.js';
import { postEvent, type TestCloudEvent } from '../../support/cloudevents.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import type { GitHubIssues, Task, TaskSpawner, TaskStatus } from '../../../functions/core/api/types.js';
import type { Logger } from '../../../functions/core/runtime/contract.js';
import { buildTask } from '../../../functions/spawn/decide/build-task.js';
import { makeHandler } from '../../../functions/report-github/handler.js';
import { readConfig, type ReportConfig } from '../../../functions/report-github/config.js';
import { newReportState } from '../../../functions/report-github/report-state.js';

export const REPO = 'example-org/example-repo';
/** A Task as the API server returns it. */
export type TaskObj = Stored<Task & KubeObject>;

/** A Logger that keeps every line, for "logged once" assertions. */
export function recordingLogger(
  lines: { level: string; message: string; meta?: Record<string, unknown> }[],
): Logger {
  const at =
    (level: string) =>
    (message: string, meta?: Record<string, unknown>): void =>
      void lines.push({ level, message, ...(meta ? { meta } : {}) });
  const log: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => log,
  };
  return log;
}

export interface ReportWorld {
  kube: KubeClient;
  ns: string;
  gh: FakeGitHub;
  replicas: FunctionServer[];
  logs: { level: string; message: string; meta?: Record<string, unknown> }[];
  /** A TaskSpawner watching REPO (reporting as given) and its Workspace/Secret. */
  spawner(name: string, githubIssues: GitHubIssues, workspace?: string): Promise<TaskSpawner>;
  /** The Task spawn would create for issue/PR `number` (GitHub origin recorded). */
  spawnTask(spawner: TaskSpawner, number: number, pull?: boolean): Promise<TaskObj>;
  setStatus(name: string, status: TaskStatus): Promise<TaskObj>;
  getTask(name: string): Promise<TaskObj>;
  /** Delivers like a Trigger: retries 409/5xx with back-off; returns the final status. */
  deliver(event: TestCloudEvent, replica?: number): Promise<number>;
  close(): Promise<void>;
}

export async function setUpReportWorld(prefix: string, replicas = 2): Promise<ReportWorld> {
  const cluster = await useCluster();
  await cluster.applyCrds();
  const ns = await cluster.newNamespace(prefix);
  const kube = await connectKube({ KUBECONFIG: cluster.kubeconfigPath });
  const gh = await startFakeGitHub();
  const logs: ReportWorld['logs'] = [];
  const env = {
    KUBECONFIG: cluster.kubeconfigPath,
    GITHUB_API_URL: gh.url,
    KELOS_WATCH_NAMESPACE: ns,
    KELOS_GITHUB_RETRY_BASE_MS: '10',
  };
  const servers: FunctionServer[] = [];
  for (let i = 0; i < replicas; i++) {
    servers.push(
      await startHandlerServer<ReportConfig>({
        name: 'report-github',
        handle: makeHandler(newReportState()),
        readConfig,
        env,
        log: recordingLogger(logs),
      }),
    );
  }
  await kube.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'github-token', namespace: ns },
    stringData: { GITHUB_TOKEN: 'ghp_reporting' },
  } as KubeObject);
  await kube.create({
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Workspace',
    metadata: { name: 'ws', namespace: ns },
    spec: { repo: `https://github.com/${REPO}.git`, secretRef: { name: 'github-token' } },
  } as KubeObject);

  const getTask = async (name: string) => {
    const t = await kube.get<Task & KubeObject>({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: ns,
      name,
    });
    if (!t) throw new Error(`Task ${name} not found`);
    return t;
  };
  return {
    kube,
    ns,
    gh,
    replicas: servers,
    logs,
    async spawner(name, githubIssues, workspace = 'ws') {
      return kube.create({
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'TaskSpawner',
        metadata: { name, namespace: ns },
        spec: {
          when: { githubIssues },
          taskTemplate: {
            type: 'claude-code',
            credentials: { type: 'oauth', secretRef: { name: 'claude' } },
            workspaceRef: { name: workspace },
            branch: 'kelos-{{.Number}}',
          },
        },
      } as TaskSpawner & KubeObject);
    },
    async spawnTask(spawner, number, pull = false) {
      const issue = gh.setIssue(REPO, { number, title: `Item ${number}`, pull });
      const item = {
        id: String(number),
        number,
        title: issue.title,
        body: '',
        url: issue.html_url,
        labels: [],
        comments: '',
        kind: pull ? 'PR' : 'Issue',
      };
      const task = buildTask({ spawner, item, prompt: `Fix #${number}`, branch: `kelos-${number}` });
      return kube.create(task as Task & KubeObject);
    },
    async setStatus(name, status) {
      const t = await getTask(name);
      return kube.replaceStatus<Task & KubeObject>({ ...t, status: { ...t.status, ...status } });
    },
    getTask,
    async deliver(event, replica = 0) {
      let status = 0;
      for (let attempt = 0; attempt < 8; attempt++) {
        status = (await postEvent(servers[replica % servers.length]!.url, event)).status;
        if (status < 500 && status !== 409) return status;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
      return status;
    },
    async close() {
      await Promise.all(servers.map((s) => s.stop()));
      await gh.close();
      kube.close();
      await cluster.kubectl(['delete', 'namespace', ns, '--wait=false']);
    },
  };
}

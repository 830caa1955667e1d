/**
 * `KELOS_OFFLINE_DEMO=1 npm start`: what examples/08-offline-agent needs to run a
 * real agent CLI with no API key and no network: the scripted model server
 * (test/support/model-server.ts) and a git server (git-server.ts) with a
 * repository `demo`, both on the local node's bridge address, and in
 * namespace `default` the objects the example refers to: Workspace
 * `local-demo` (with its token Secret), Secret `local-model` (a key for each
 * agent type) and ConfigMap `local-model` (each type's endpoint variables).
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { FINAL_TEXT } from '../../test/support/model-server-script.js';
import { startModelServer, type ModelServer } from '../../test/support/model-server.js';
import { startGitServer, type GitServer } from './git-server.js';
import { AGENT_TYPES, commitAndPushCommand, podModelWiring } from './pod-model.js';

export const DEMO_REPO = 'demo';
export const DEMO_FILE = 'HELLO.md';
export const DEMO_LINE = 'Hello from an agent that ran on the local node.';

export interface OfflineDemo {
  git: GitServer;
  model: ModelServer;
  stop(): Promise<void>;
}

/** Pure: the objects the example refers to. */
export function demoObjects(o: { repoUrl: string; gitToken: string; modelUrl: string }): object[] {
  const wirings = AGENT_TYPES.map((t) => podModelWiring(t, o.modelUrl));
  const endpointEnv = Object.fromEntries(wirings.flatMap((w) => w.env.map((e) => [e.name, e.value])));
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'local-demo-git' },
      stringData: { GITHUB_TOKEN: o.gitToken },
    },
    {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'local-demo' },
      spec: {
        repo: o.repoUrl,
        ref: 'main',
        secretRef: { name: 'local-demo-git' },
        files: wirings.flatMap((w) => w.files),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'local-model' },
      stringData: Object.fromEntries(wirings.map((w) => [w.credentialKey, 'local-scripted-model-key'])),
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'local-model' }, data: endpointEnv },
  ];
}

export async function startOfflineDemo(o: {
  gateway: string;
  stateDir: string;
  kubectl: string;
  kubeconfig: string;
  log: (line: string) => void;
}): Promise<OfflineDemo> {
  const token = randomBytes(16).toString('hex');
  const git = await startGitServer({ root: join(o.stateDir, 'git'), host: o.gateway, token });
  const model = await startModelServer({
    host: o.gateway,
    script: [
      {
        kind: 'shell',
        command: commitAndPushCommand(DEMO_FILE, DEMO_LINE, 'Add HELLO.md'),
        description: 'Commit and push',
      },
      { kind: 'text', text: FINAL_TEXT },
    ],
  });
  try {
    const repoUrl = await git.createRepo(DEMO_REPO, {
      'README.md': '# demo\n\nA repository served by `npm start`.\n',
    });
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: demoObjects({ repoUrl, gitToken: token, modelUrl: model.url }),
    };
    const child = execFile(o.kubectl, ['--kubeconfig', o.kubeconfig, 'apply', '-n', 'default', '-f', '-']);
    const done = new Promise<void>((resolve, reject) => {
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`kubectl apply of the offline demo objects failed (exit ${code})`)),
      );
    });
    child.stdin!.end(JSON.stringify(list));
    await done;
    o.log(`offline demo: git ${repoUrl} (token in Secret local-demo-git), scripted model ${model.url}`);
  } catch (err) {
    await git.stop();
    await model.stop();
    throw err;
  }
  return {
    git,
    model,
    stop: async () => {
      await model.stop();
      await git.stop();
    },
  };
}

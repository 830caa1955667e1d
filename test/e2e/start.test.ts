/**
 * `npm start` end to end: from nothing to "ready" (embedded control plane,
 * CRDs, five function processes, event plane), a Task applied with kubectl
 * gets its Pod within a second, and SIGINT leaves no process behind.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBinaries } from '../../scripts/control-plane/binaries.js';
import { REPO_ROOT } from '../support/cluster.js';
import { descendants, isAlive } from './process-tree.js';
import { kubectlRunner } from './kubectl.js';
import { FUNCTION_NAMES } from '../../functions/names.js';

describe('npm start (e2e)', function () {
  this.timeout(300_000);
  let child: ChildProcess;
  let stateDir: string;
  let stdout = '';
  let stderr = '';

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'kelos-start-'));
    // No local node here (offline-example.test.ts runs npm start with one): the Task's Pod only has to appear.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KELOS_STATE_DIR: stateDir,
      KELOS_RESYNC_SECONDS: '5',
      KELOS_LOCAL_NODE: 'off',
    };
    delete env.KUBECONFIG;
    // Its own process group, so that SIGINT can go to the whole group as a terminal's Ctrl-C does.
    child = spawn('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  });

  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      for (const pid of descendants(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }
    await rm(stateDir, { recursive: true, force: true });
  });

  it('reaches ready, runs a Task to its Pod within a second, and stops everything on SIGINT', async () => {
    const deadline = Date.now() + 240_000;
    while (!/^ready/m.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ready line:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ready = stdout.split('\n').find((l) => l.startsWith('ready'))!;
    const kubeconfig = /KUBECONFIG=(\S+)/.exec(ready)![1]!;
    expect(stdout).to.match(/secret {2}[0-9a-f]{40}/);
    expect(stdout).to.match(/export KUBECONFIG=/);
    for (const f of FUNCTION_NAMES) expect(stdout).to.include(f);

    const kubectl = kubectlRunner(join(await ensureBinaries(), 'kubectl'), resolve(REPO_ROOT, kubeconfig));
    const before = descendants(child.pid!);
    expect(before.length).to.be.greaterThan(8); // npm, runner, 6 functions (+ supervisors), etcd, apiserver, kcm

    await kubectl(['create', 'secret', 'generic', 'anthropic', '--from-literal=ANTHROPIC_API_KEY=sk-test']);
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        metadata: { name: 'hello' },
        spec: {
          type: 'claude-code',
          prompt: 'Say hello',
          credentials: { type: 'api-key', secretRef: { name: 'anthropic' } },
        },
      }),
    );
    const applied = Date.now();
    let seenAt: number | undefined;
    while (Date.now() - applied < 5000) {
      const r = await kubectl(['get', 'pod', 'hello', '-o', 'name'], undefined, true);
      if (r.code === 0) {
        seenAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seenAt, 'the Pod never appeared').to.not.equal(undefined);
    expect(seenAt! - applied, 'ms from apply to Pod').to.be.below(1000);
    console.log(`      (kubectl apply → Pod visible: ${seenAt! - applied} ms)`);

    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C
    const exited = new Promise<void>((resolve) =>
      child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
    );
    await Promise.race([
      exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`npm start did not exit after SIGINT:\n${stderr}`)), 30_000),
      ),
    ]);
    const waitGone = Date.now() + 15_000;
    while (before.some(isAlive) && Date.now() < waitGone) await new Promise((r) => setTimeout(r, 100));
    expect(before.filter(isAlive), 'processes left behind').to.deep.equal([]);
    expect(stderr).to.match(/SIGINT: stopping/);
  });
});

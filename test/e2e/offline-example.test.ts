/**
 * The acceptance path of the local node, as a newcomer takes it:
 * `KELOS_OFFLINE_DEMO=1 npm start` (a real node by default), then
 * `kubectl apply -f examples/08-offline-agent/task.yaml` → the Task Succeeds
 * and its branch is in the local repository; after Ctrl-C no process,
 * mount, bridge, cgroup or iptables chain of the run is left.
 * Skipped, with the reason, where a node cannot run.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureBinaries } from '../../scripts/control-plane/binaries.js';
import { DEMO_FILE, DEMO_LINE, DEMO_REPO } from '../../scripts/dev/offline-demo.js';
import { leftovers } from '../../scripts/node/host.js';
import { nodeSupport } from '../../scripts/node/node.js';
import { nodeSettings } from '../../scripts/node/settings.js';
import { REPO_ROOT } from '../support/cluster.js';
import { descendants, isAlive } from './process-tree.js';
import { kubectlRunner } from './kubectl.js';
import { eventually } from './world.js';

const run = promisify(execFile);
const support = nodeSupport();

describe('offline example on the local node (npm start → examples/08 → Ctrl-C)', function () {
  this.timeout(600_000);
  let child: ChildProcess;
  let stateDir: string;
  let stdout = '';
  let stderr = '';

  before(async function () {
    if (!support.ok) {
      console.log(`      skipped: no local node here: ${support.reason}`);
      this.skip();
    }
    stateDir = await mkdtemp(join(tmpdir(), 'kelos-offline-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KELOS_STATE_DIR: stateDir,
      KELOS_RESYNC_SECONDS: '10',
      KELOS_OFFLINE_DEMO: '1',
    };
    delete env.KUBECONFIG;
    delete env.KELOS_LOCAL_NODE;
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
    if (child && child.exitCode === null && child.signalCode === null) {
      for (const pid of descendants(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('runs the example Task to Succeeded with its branch in the local repository, and leaves nothing after Ctrl-C', async () => {
    await eventually(
      'the ready line',
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${stderr}`);
        return /^ready/m.test(stdout);
      },
      420_000,
    );
    const ready = stdout.split('\n').find((l) => l.startsWith('ready'))!;
    expect(ready).to.include('agents=run');
    const slot = Number(/slot (\d+)/.exec(stdout)?.[1]);
    expect(
      Number.isInteger(slot),
      `no slot in:
${stdout}`,
    ).to.equal(true);
    const kubeconfig = resolve(REPO_ROOT, /KUBECONFIG=(\S+)/.exec(ready)![1]!);
    const kubectl = kubectlRunner(join(await ensureBinaries(), 'kubectl'), kubeconfig);

    await kubectl(['apply', '-f', join(REPO_ROOT, 'examples/08-offline-agent/task.yaml')]);
    const task = await eventually(
      'the example Task to finish',
      async () => {
        const t = JSON.parse((await kubectl(['get', 'task', 'offline-hello', '-o', 'json'])).stdout);
        return ['Succeeded', 'Failed'].includes(t.status?.phase) ? t : undefined;
      },
      240_000,
    );
    expect(task.status.phase, JSON.stringify(task.status)).to.equal('Succeeded');
    const bare = join(stateDir, 'git', `${DEMO_REPO}.git`);
    const { stdout: commit } = await run('git', ['rev-parse', 'refs/heads/kelos/offline-hello'], {
      cwd: bare,
    });
    expect(task.status.results.commit).to.equal(commit.trim());
    const { stdout: file } = await run('git', ['show', `kelos/offline-hello:${DEMO_FILE}`], { cwd: bare });
    expect(file).to.equal(`${DEMO_LINE}\n`);

    const before = descendants(child.pid!);
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C
    await eventually(
      'npm start to exit',
      async () => child.exitCode !== null || child.signalCode !== null,
      60_000,
    );
    await eventually('its processes to end', async () => !before.some(isAlive), 20_000).catch(
      () => undefined,
    );
    expect(before.filter(isAlive), 'processes left behind').to.deep.equal([]);
    const settings = nodeSettings({
      slot,
      dir: join(stateDir, 'node'),
      cacheRoot: '/unused',
      nodeName: 'localhost',
      kubeletPort: 0,
      sandboxImage: '',
    });
    expect(await leftovers(settings)).to.deep.equal([]);
  });
});

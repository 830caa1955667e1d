import { expect } from 'chai';
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterForRun } from '../../../scripts/dev/cluster-for-run.js';
import { isBuildStale } from '../../../scripts/dev/ensure-built.js';
import { parseCli } from '../../../scripts/event-plane/cli.js';

describe('local run helpers', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kelos-build-'));
    await mkdir(join(root, 'functions', 'spawn'), { recursive: true });
    await mkdir(join(root, 'dist', 'functions', 'spawn'), { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const touch = async (path: string, seconds: number) => {
    await writeFile(join(root, path), '');
    await utimes(join(root, path), seconds, seconds);
  };

  it('rebuilds when a function has no compiled entry, or its entry or bundle is older than a source', async () => {
    await touch('functions/spawn/handler.ts', 1000);
    expect(await isBuildStale(root, ['spawn'])).to.equal(true);
    await touch('dist/functions/spawn/main.js', 2000);
    expect(await isBuildStale(root, ['spawn'])).to.equal(false);
    await touch('dist/functions/spawn.mjs', 500);
    expect(await isBuildStale(root, ['spawn']), 'a stale bundle counts').to.equal(true);
    await touch('dist/functions/spawn.mjs', 2000);
    await touch('functions/spawn/handler.test.ts', 3000);
    expect(await isBuildStale(root, ['spawn']), 'tests do not count').to.equal(false);
    await touch('functions/spawn/handler.ts', 3000);
    expect(await isBuildStale(root, ['spawn'])).to.equal(true);
  });

  it("uses the user's cluster when KUBECONFIG names another kubeconfig, and never stops it", async () => {
    const log = () => undefined;
    await touch('dist/user-kubeconfig', 1000);
    const user = await clusterForRun({ stateDir: join(root, '.kelos'), env: { KUBECONFIG: join(root, 'dist/user-kubeconfig') }, log });
    expect(user).to.deep.include({ origin: 'user', kubeconfigPath: join(root, 'dist/user-kubeconfig') });
    await user.stop();
    let error: unknown;
    await clusterForRun({ stateDir: join(root, '.kelos'), env: { KUBECONFIG: join(root, 'missing') }, log }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/KUBECONFIG=.*missing does not exist/);
  });

  it('parses the event-plane CLI: services, port, resync', () => {
    const o = parseCli(['--service', 'spawn=http://127.0.0.1:1', '--service', 'launch-pod=http://x:2', '--port', '9999', '--resync-seconds', '5', '--kubeconfig', 'k']);
    expect(o).to.deep.include({ services: { spawn: 'http://127.0.0.1:1', 'launch-pod': 'http://x:2' }, port: 9999, resyncSeconds: 5, kubeconfigPath: 'k' });
    expect(o.manifestsDir).to.match(/knative$/);
    expect(() => parseCli(['--service', 'spawn'])).to.throw(/name=url/);
  });
});

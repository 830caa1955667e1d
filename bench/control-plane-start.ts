/**
 * Warm start of the embedded control plane (binaries cached): median time to a
 * ready API server over several runs, and the peak memory (VmHWM) of each
 * control-plane process after a small workload (CRDs applied).
 *   node --import tsx bench/control-plane-start.ts [runs]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startControlPlane } from '../scripts/control-plane/control-plane.js';
import { percentile, summary } from './stats.js';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function peakKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

export async function main(runs = 5): Promise<void> {
  const times: number[] = [];
  const peaks: Record<string, number[]> = { etcd: [], 'kube-apiserver': [], 'kube-controller-manager': [] };
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'kelos-bench-cp-'));
    const t0 = performance.now();
    const cp = await startControlPlane({ dir, detached: true });
    times.push(performance.now() - t0);
    try {
      await run(join(cp.binDir, 'kubectl'), [
        '--kubeconfig',
        cp.kubeconfigPath,
        'apply',
        '--server-side',
        '-f',
        join(ROOT, 'crds'),
      ]);
      peaks.etcd!.push(await peakKiB(cp.pids.etcd));
      peaks['kube-apiserver']!.push(await peakKiB(cp.pids.apiserver));
      if (cp.pids.controllerManager)
        peaks['kube-controller-manager']!.push(await peakKiB(cp.pids.controllerManager));
    } finally {
      await cp.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log('control plane warm start (etcd + kube-apiserver ready, kubeconfig written)');
  console.log(`  ${summary(times)}  median=${percentile(times, 50).toFixed(0)} ms`);
  let total = 0;
  for (const [name, values] of Object.entries(peaks)) {
    const mib = Math.max(...values) / 1024;
    total += mib;
    console.log(`  peak RSS ${name.padEnd(24)} ${mib.toFixed(0)} MiB`);
  }
  console.log(`  peak RSS total                   ${total.toFixed(0)} MiB`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(Number(process.argv[2] ?? 5));
}

/** Applies crds/ (server-side, idempotent) and waits until every CRD is Established. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function installCrds(kubectl: string, kubeconfig: string, dir: string): Promise<void> {
  const k = (args: string[]) =>
    run(kubectl, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 16 * 1024 * 1024 });
  try {
    await k(['apply', '--server-side', '--force-conflicts', '--field-manager=kelos', '-f', dir]);
    await k(['wait', '--for=condition=Established', '--timeout=60s', '-f', dir]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`installing the CRDs from ${dir} failed: ${stderr.trim() || String(err)}`, {
      cause: err,
    });
  }
}

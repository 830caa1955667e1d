/** Finds (or builds once per machine) the control-plane binaries. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD_SCRIPT = fileURLToPath(new URL('./build.sh', import.meta.url));

/**
 * Runs build.sh, which returns at once when the binaries are cached and
 * otherwise builds them, printing progress on stderr (passed through).
 * Resolves to the directory holding kube-apiserver, etcd, kube-controller-manager, kubectl.
 */
export function ensureBinaries(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const dir = out.trim().split('\n').pop() ?? '';
      if (code === 0 && dir) resolve(dir);
      else
        reject(new Error(`control-plane build failed (exit ${code}); see the [control-plane] lines above`));
    });
  });
}

/** kubectl bound to one kubeconfig, for e2e tests. */
import { execFile } from 'node:child_process';

export type Kubectl = (
  args: string[],
  input?: string,
  allowFailure?: boolean,
) => Promise<{ stdout: string; stderr: string; code: number }>;

export function kubectlRunner(bin: string, kubeconfig: string): Kubectl {
  return (args, input, allowFailure = false) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        bin,
        ['--kubeconfig', kubeconfig, ...args],
        { maxBuffer: 32 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          if (code !== 0 && !allowFailure) reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr}`));
          else resolve({ stdout, stderr, code });
        },
      );
      if (input !== undefined) child.stdin!.end(input);
    });
}

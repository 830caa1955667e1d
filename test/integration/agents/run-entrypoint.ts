/** Runs an agent's real kelos_entrypoint.sh on the host and collects what it printed. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const AGENTS_DIR = fileURLToPath(new URL('../../../agents/', import.meta.url));
export const CAPTURE_BUNDLE = `${AGENTS_DIR}capture/dist/kelos-capture.mjs`;
export const SETUP_BUNDLE = `${AGENTS_DIR}setup/dist/kelos-agent-setup.mjs`;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runEntrypoint(opts: {
  type: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [`${AGENTS_DIR}${opts.type}/kelos_entrypoint.sh`, ...opts.args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    // The CLIs start helpers (MCP servers, shells): kill the whole process group on timeout.
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // Helpers the CLI left behind (MCP servers) go with the group.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

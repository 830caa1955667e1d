/** Runs an agent's real kelos_entrypoint.sh on the host and collects what it printed. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export interface EntrypointOptions {
  type: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Run it as PID 1 of a new PID namespace (`unshare --pid --fork`), as in a container; needs root. */
  asPid1?: boolean;
}

export function runEntrypoint(opts: EntrypointOptions): Promise<RunResult> {
  return startEntrypoint(opts).result;
}

/** Starts the entrypoint; `pid` is the process running it (the launcher's for asPid1: see pid1Of). */
export function startEntrypoint(opts: EntrypointOptions): { pid: number; result: Promise<RunResult> } {
  const started = Date.now();
  const script = [`${AGENTS_DIR}${opts.type}/kelos_entrypoint.sh`, ...opts.args];
  const [cmd, argv] = opts.asPid1
    ? ['unshare', ['--pid', '--fork', '--', 'bash', ...script]]
    : ['bash', script];
  let pid = 0;
  const result = new Promise<RunResult>((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    pid = child.pid ?? 0;
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
  return { pid, result };
}

/** The child unshare forked (PID 1 in its namespace), as a host PID; undefined until it exists. */
export function pid1Of(unsharePid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim();
    const first = children.split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

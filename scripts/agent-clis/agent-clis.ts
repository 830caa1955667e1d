/**
 * The pinned agent CLIs for tests: `installAgentClis()` runs install.sh (once per
 * machine; later calls only check the cache) and resolves to the directory that
 * holds the `claude`, `codex`, `gemini` and `opencode` bins. The pinned versions
 * are read from install.sh so there is one list.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const INSTALL_SCRIPT = fileURLToPath(new URL('./install.sh', import.meta.url));

export interface PinnedCli {
  pkg: string;
  version: string;
  bin: string;
}

/** The `"<pkg>@<version>:<bin>"` entries of install.sh. */
export function pinnedAgentClis(script = readFileSync(INSTALL_SCRIPT, 'utf8')): PinnedCli[] {
  return [...script.matchAll(/^\s*"((?:@[^/"]+\/)?[^@"]+)@([^:"]+):([^"]+)"\s*$/gm)].map((m) => ({
    pkg: m[1] ?? '',
    version: m[2] ?? '',
    bin: m[3] ?? '',
  }));
}

let installing: Promise<string> | undefined;

export function installAgentClis(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  installing ??= new Promise((resolve, reject) => {
    execFile('bash', [INSTALL_SCRIPT], { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`installing the agent CLIs failed: ${stderr.slice(-2000)}`, { cause: err }));
      else resolve(stdout.trim().split('\n').at(-1) ?? '');
    });
  });
  return installing;
}

/**
 * What the first build needs on the host: root, and buildah, debootstrap and
 * a static-capable gcc from Debian packages, installed with apt-get when
 * missing (README.md "Needs").
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { run } from './run.js';

export class NotRootError extends Error {}

const TOOLS: { check: () => boolean; pkg: string }[] = [
  { check: () => onPath('buildah'), pkg: 'buildah' },
  { check: () => onPath('debootstrap'), pkg: 'debootstrap' },
  { check: () => onPath('gcc'), pkg: 'gcc' },
  // gcc -static needs libc.a.
  {
    check: () =>
      existsSync('/usr/lib/x86_64-linux-gnu/libc.a') || existsSync('/usr/lib/aarch64-linux-gnu/libc.a'),
    pkg: 'libc6-dev',
  },
];

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function requireRoot(what: string): void {
  if (process.platform !== 'linux')
    throw new NotRootError(
      `building ${what} needs Linux (buildah, debootstrap, chroot); this is ${process.platform}`,
    );
  if (process.getuid?.() !== 0) {
    throw new NotRootError(
      `building ${what} needs root (buildah with chroot isolation, debootstrap); run as root, or use images built before`,
    );
  }
}

export async function ensureTools(log: string, say: (line: string) => void): Promise<void> {
  const missing = TOOLS.filter((t) => !t.check()).map((t) => t.pkg);
  if (missing.length === 0) return;
  if (!onPath('apt-get')) throw new Error(`missing ${missing.join(', ')} and no apt-get to install them`);
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing];
  try {
    await run('apt-get', install, { log, env });
  } catch {
    // Package lists may be missing or stale on a fresh machine.
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { log, env });
    await run('apt-get', install, { log, env });
  }
}

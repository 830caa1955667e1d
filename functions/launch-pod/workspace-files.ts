/**
 * The workspace-files init container: writes Workspace `files` into the clone.
 * Paths are checked and cleaned first (KELOS-BEHAVIOUR §2.8); contents go
 * through base64 so no byte of them is ever interpreted by the shell.
 */
import { posix } from 'node:path';
import type { WorkspaceFile } from '../core/api/types.js';
import type { Container } from '../core/task/pod-types.js';
import { PodBuildError, quote } from './build-error.js';
import { REPO_DIR, WORKSPACE_MOUNT, WORKSPACE_VOLUME } from './git-init-containers.js';
import { shellQuote } from './shell-quote.js';

/** Go's path.Clean: normalised, no trailing slash, "" → ".". */
export function cleanPath(p: string): string {
  const n = posix.normalize(p === '' ? '.' : p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** The cleaned path, or a PodBuildError with the original's message. */
export function checkWorkspaceFilePath(p: string): string {
  const fail = (reason: string): never => {
    throw new PodBuildError(`invalid workspace file path ${quote(p)}: ${reason}`);
  };
  if (p.trim() === '') fail('path is empty');
  if (p.includes('\\')) fail('path must use forward slashes');
  const clean = cleanPath(p);
  if (clean === '.') fail('path resolves to current directory');
  if (posix.isAbsolute(clean)) fail('absolute paths are not allowed');
  if (clean === '..' || clean.startsWith('../')) fail('path escapes repository root');
  return clean;
}

export function workspaceFilesContainer(
  files: readonly WorkspaceFile[],
  image: string,
): Container | undefined {
  if (files.length === 0) return undefined;
  const lines = ['set -eu'];
  for (const file of files) {
    const target = `${REPO_DIR}/${checkWorkspaceFilePath(file.path)}`;
    const content = Buffer.from(file.content, 'utf8').toString('base64');
    lines.push(
      `target=${shellQuote(target)}`,
      `mkdir -p "$(dirname "$target")"`,
      `printf '%s' ${shellQuote(content)} | base64 -d > "$target"`,
    );
  }
  return {
    name: 'workspace-files',
    image,
    command: ['sh', '-c', lines.join('\n')],
    volumeMounts: [{ name: WORKSPACE_VOLUME, mountPath: WORKSPACE_MOUNT }],
  };
}

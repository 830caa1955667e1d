import { PodBuildError, quote } from './build-error.js';

/**
 * A plugin, skill, agent or MCP server name used as a path segment: non-empty,
 * no separators, not `.`/`..`. Messages are the original's, without the
 * wrapping prefix the caller adds.
 */
export function checkSafeName(kind: string, name: string): void {
  if (name === '') throw new PodBuildError(`${kind} name is empty`);
  if (name.includes('/') || name.includes('\\'))
    throw new PodBuildError(`${kind} name ${quote(name)} contains path separators`);
  if (name === '.' || name === '..')
    throw new PodBuildError(`${kind} name ${quote(name)} is a path traversal`);
}

/** Re-throws a PodBuildError from `fn` with `<prefix>: ` in front. */
export function wrapBuildError<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PodBuildError) throw new PodBuildError(`${prefix}: ${err.message}`, { cause: err });
    throw err;
  }
}

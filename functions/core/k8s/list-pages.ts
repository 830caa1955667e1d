/**
 * A list read in pages (limit/continue), so that a sweep over 10,000 Tasks or
 * Pods holds one page at a time instead of the whole list and its JSON. A
 * continue token that expired (410 Gone, after the API server compacted)
 * fails the sweep, which is answered 503 and redelivered.
 */
import type { KubeObject, Stored } from '../api/kube-types.js';
import type { KubePort, ListOptions } from './port.js';

export const PAGE_SIZE = 500;

export async function* listPages<T extends KubeObject>(
  kube: Pick<KubePort, 'list'>,
  target: { apiVersion: string; kind: string; namespace?: string | undefined },
  options: ListOptions = {},
  pageSize = PAGE_SIZE,
): AsyncGenerator<Stored<T>[]> {
  let token: string | undefined;
  do {
    const page = await kube.list<T>(target.apiVersion, target.kind, target.namespace, {
      ...options,
      limit: pageSize,
      ...(token ? { continue: token } : {}),
    });
    yield page.items;
    token = page.metadata?.continue || undefined;
  } while (token);
}

/**
 * A whole list, read in pages: for a caller that needs every object at once
 * (resolve-dependencies' gates and branch queue). One request for 2,000 Tasks
 * on a loaded API server could stay silent past the request timeout
 * (long storm, seed 2002); a page of 500 answers well within it.
 */
export async function listAll<T extends KubeObject>(
  kube: Pick<KubePort, 'list'>,
  target: { apiVersion: string; kind: string; namespace?: string | undefined },
  options: ListOptions = {},
  pageSize = PAGE_SIZE,
): Promise<Stored<T>[]> {
  const all: Stored<T>[] = [];
  for await (const page of listPages<T>(kube, target, options, pageSize)) all.push(...page);
  return all;
}

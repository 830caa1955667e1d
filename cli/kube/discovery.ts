/** apiVersion + kind → REST path, from the API server's discovery documents (cached per apiVersion). */
import { NoMatchError, isNotFound } from './errors.js';
import type { RestClient } from './rest.js';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export class Discovery {
  private readonly cache = new Map<string, ApiResource[]>();

  constructor(private readonly rest: RestClient) {}

  async resource(apiVersion: string, kind: string): Promise<ApiResource> {
    let found = this.cache.get(apiVersion)?.find((r) => r.kind === kind);
    if (!found) {
      // Not cached, or cached before a CRD appeared: ask again.
      const list = await this.fetch(apiVersion, kind);
      this.cache.set(apiVersion, list);
      found = list.find((r) => r.kind === kind);
    }
    if (!found) throw new NoMatchError(apiVersion, kind);
    return found;
  }

  /** Path of the collection (no name) or of one object. */
  async path(ref: {
    apiVersion: string;
    kind: string;
    namespace?: string | undefined;
    name?: string | undefined;
  }): Promise<string> {
    const r = await this.resource(ref.apiVersion, ref.kind);
    const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const ns = r.namespaced && ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
    const name = ref.name ? `/${encodeURIComponent(ref.name)}` : '';
    return `${base}${ns}/${r.name}${name}`;
  }

  private async fetch(apiVersion: string, kind: string): Promise<ApiResource[]> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    try {
      const doc = await this.rest.json<{ resources?: ApiResource[] }>({ method: 'GET', path });
      return (doc.resources ?? []).filter((r) => !r.name.includes('/'));
    } catch (err) {
      if (isNotFound(err)) throw new NoMatchError(apiVersion, kind, { cause: err });
      throw err;
    }
  }
}

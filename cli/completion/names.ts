/** Completes the first positional argument with the names of one kind in the namespace. */
import type { Completer } from './registry.js';
import type { ResourceInfo } from '../resources.js';
import { API_VERSION } from '../../functions/core/api/constants.js';
import { loadConfig } from '../config/config.js';
import { configPath } from '../context.js';
import { expandHome } from '../config/paths.js';

export function resourceNames(r: ResourceInfo): Completer {
  return async (ctx, globals, args) => {
    if (args.length > 0) return [];
    try {
      const config = await loadConfig(configPath(ctx, globals)).catch(() => ({ namespace: undefined }));
      const kube = await ctx.kubeFactory(
        globals.kubeconfig ? expandHome(globals.kubeconfig, ctx.env) : undefined,
        ctx.env,
      );
      const namespace = globals.namespace || config.namespace || kube.contextNamespace || 'default';
      const items = await kube.list(API_VERSION, r.kind, namespace);
      return items.map((i) => i.metadata.name ?? '').filter(Boolean);
    } catch {
      // Completion must never fail the shell: no cluster means no names.
      return [];
    }
  };
}

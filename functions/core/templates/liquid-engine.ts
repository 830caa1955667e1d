/**
 * The one liquidjs engine every template renders through: strict about
 * unknown variables and filters, no file system (include/render/layout can
 * only name in-memory templates, of which there are none), own properties
 * only, and the `go` filter that executes Go template operations.
 */
import { Liquid } from 'liquidjs';
import { goFilter } from './go-filter.js';
import type { GoOp } from './go-to-liquid.js';

let engine: Liquid | undefined;

/** Created on first use, so importing this module costs nothing at start-up. */
export function liquidEngine(): Liquid {
  if (!engine) {
    engine = new Liquid({
      strictVariables: true,
      strictFilters: true,
      ownPropertyOnly: true,
      templates: {},
      cache: 256,
    });
    engine.registerFilter('go', (desc: unknown, ...args: unknown[]) => goFilter(desc as GoOp, ...args));
  }
  return engine;
}

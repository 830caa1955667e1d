/**
 * The one template renderer (liquidjs), for Task prompts and TaskSpawner
 * templates. A template is rendered in one of two dialects:
 *
 * **Go text/template** (what manifests written for the original Kelos use),
 * chosen when any action looks like Go (`{{.X}}`, `{{$...}}`, `{{index …}}`,
 * `{{if …}}`, `{{range …}}`, `{{end}}`, `{{/* … *\/}}` …). It renders exactly
 * as Go's text/template with `missingkey=error` would:
 * - `{{.Field}}`, `{{ .Field }}`, nested `{{.A.B}}`, `{{.}}`, `{{$}}`, `{{$.A}}`;
 *   a missing map key is an error (`map has no entry for key "x"`);
 * - `{{index .Deps "a" "Results" "b"}}`: a missing key in a map of strings
 *   gives "", in any other map gives nil (which prints `<no value>`, and
 *   indexing it again is the error `index of untyped nil`); slices by int;
 * - `{{if .X}}…{{else if .Y}}…{{else}}…{{end}}` with Go truthiness (false,
 *   0, "", nil, empty slice or map are false); `{{with .X}}…{{else}}…{{end}}`;
 * - `{{range .Labels}}…{{.}}…{{else}}…{{end}}` over slices, maps (sorted by
 *   key) and ints;
 * - the functions `index`, `len`, `not`, `and`, `or`, `eq`, `ne`, `print`,
 *   parenthesised calls and `|` pipelines;
 * - `{{- … -}}` trim markers (all adjacent whitespace, newlines included);
 * - printing: strings as is, slices as `[a b]`, maps as `map[k:v]` with sorted
 *   keys, nil as `<no value>`, like fmt's %v.
 * Not supported (a TemplateError says so): `$var :=` declarations, `define`,
 * `template`, `block`, `break`, `continue`, `printf` and other functions.
 *
 * **Liquid** otherwise (`{{ deps.scaffold.results.branch }}`, `{% if %}`,
 * filters such as `{{ title | upcase }}`), with strict variables and filters.
 *
 * Variables are whatever `data` holds: for prompts see task-prompt.ts
 * (`.Deps` / `deps`), for spawner templates the work-item fields of
 * KELOS-BEHAVIOUR §3.6 (`.ID`, `.Number`, `.Title`, `.Body`, `.URL`,
 * `.Labels`, `.Comments`, `.Kind`, `.Time`, `.Schedule`).
 *
 * Any failure throws TemplateError whose message quotes the cause.
 */
import type { Template } from 'liquidjs';
import { parseGoTemplate } from './go-parser.js';
import { goToLiquid } from './go-to-liquid.js';
import { liquidEngine } from './liquid-engine.js';
import { GoExecError, TemplateError } from './template-error.js';

const GO_ACTION =
  /\{\{-?\s*(?:[.$(]|\/\*|(?:if|else|end|range|with|index|len|not|and|or|eq|ne|print|printf|println|define|template|block|break|continue)\b)/;

interface Compiled {
  templates: Template[];
  constants: unknown[] | undefined;
}

const cache = new Map<string, Compiled>();
const CACHE_SIZE = 256;

/** True when `source` is written in the Go text/template dialect. */
export function isGoTemplate(source: string): boolean {
  return GO_ACTION.test(source);
}

function compile(source: string, name: string): Compiled {
  const key = `${name}\0${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let compiled: Compiled;
  if (isGoTemplate(source)) {
    const program = goToLiquid(parseGoTemplate(source, name), name);
    compiled = { templates: liquidEngine().parse(program.source), constants: program.constants };
  } else {
    compiled = { templates: liquidEngine().parse(source), constants: undefined };
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

/** The innermost GoExecError in a liquidjs error chain, if any. */
function goCause(err: unknown): GoExecError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth += 1) {
    if (e instanceof GoExecError) return e;
    const next =
      (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
    e = next;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Renders `source` with `data`; throws TemplateError on any parse or execution error. */
export function renderTemplate(source: string, data: Record<string, unknown>, name = 'template'): string {
  if (!source.includes('{{') && !source.includes('{%')) return source;
  try {
    const { templates, constants } = compile(source, name);
    const scope = constants ? { __root: data, __k: constants } : data;
    return String(liquidEngine().renderSync(templates, scope));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    const go = goCause(err);
    throw new TemplateError(go ? go.message : messageOf(err), { cause: err });
  }
}

export { renderTaskPrompt } from './task-prompt.js';
export { TemplateError } from './template-error.js';

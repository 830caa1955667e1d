/** The parsed form of the Go text/template subset Kelos prompts and spawner templates use. */

/** Functions a template may call, with Go's builtin semantics. */
export const GO_FUNCS = ['index', 'len', 'not', 'and', 'or', 'eq', 'ne', 'print'] as const;
export type GoFunc = (typeof GO_FUNCS)[number];

export type Expr =
  /** `.A.B` (base dot) or `$.A.B` (base root); an empty path is `.` / `$` itself. */
  | { k: 'field'; base: 'dot' | 'root'; path: string[] }
  | { k: 'lit'; value: string | number | boolean | null }
  | { k: 'call'; fn: GoFunc; args: Expr[] }
  /** `(pipeline).A.B` */
  | { k: 'chain'; expr: Expr; path: string[] };

/** One action's pipeline, with the source text Go quotes in execution errors. */
export interface Pipe {
  expr: Expr;
  src: string;
  line: number;
}

export type GoNode =
  | { k: 'text'; value: string }
  | { k: 'print'; pipe: Pipe }
  | { k: 'if' | 'with'; pipe: Pipe; then: GoNode[]; else: GoNode[] }
  | { k: 'range'; pipe: Pipe; body: GoNode[]; else: GoNode[] };

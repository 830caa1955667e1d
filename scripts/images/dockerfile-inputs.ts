/**
 * What a Dockerfile reads from its build context and which image it starts
 * from, read from its text (pure). Only what the project's Dockerfiles use is
 * understood; anything else is refused so an input never goes unhashed.
 */

/** The instructions of a Dockerfile: continuation lines joined, comments and blanks dropped. */
export function instructions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (current === '' && /^\s*(#|$)/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    out.push((current + line).trim());
    current = '';
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

/** The context paths COPY/ADD read (COPY --from=... reads another stage, not the context). */
export function contextSources(text: string): string[] {
  const sources: string[] = [];
  for (const ins of instructions(text)) {
    const m = /^(COPY|ADD)\s+(.*)$/i.exec(ins);
    if (!m) continue;
    const words = (m[2] ?? '').split(/\s+/).filter((w) => w !== '');
    const flags = words.filter((w) => w.startsWith('--'));
    if (flags.some((f) => f.startsWith('--from'))) continue;
    const paths = words.filter((w) => !w.startsWith('--'));
    if (paths[0]?.startsWith('[')) throw new Error(`${m[1]} in JSON form is not supported: ${ins}`);
    if (paths.length < 2) throw new Error(`${m[1]} needs a source and a destination: ${ins}`);
    for (const src of paths.slice(0, -1)) {
      if (/[*?[]/.test(src) || src.includes('$'))
        throw new Error(`${m[1]} source ${src} is a pattern or variable: not supported`);
      if (/^[a-z]+:\/\//i.test(src)) throw new Error(`${m[1]} source ${src} is a URL: not reachable here`);
      sources.push(src.replace(/^\.\//, ''));
    }
  }
  return sources;
}

/** The image of the first FROM (ARG references are returned as written). */
export function firstFrom(text: string): string {
  for (const ins of instructions(text)) {
    const m = /^FROM\s+(?:--\S+\s+)*(\S+)/i.exec(ins);
    if (m?.[1]) return m[1];
  }
  throw new Error('the Dockerfile has no FROM');
}

/** Docker Hub's short names as stored: `node:20` → `docker.io/library/node:20`. */
export function fullImageName(name: string): string {
  const first = name.split('/')[0] ?? '';
  const hasDomain =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain) return name;
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}

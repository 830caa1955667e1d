/**
 * Removes what looks like a secret from text Kelos copies out of an agent's
 * log into a Task's status (failure reasons). capture-outputs cannot see the
 * Task's Secrets, so it goes by shape: credentials in URLs, Authorization
 * headers, `NAME=value` pairs whose name says key/token/secret/password,
 * well-known token prefixes, private keys, and any long opaque string (which
 * also takes out commit hashes and ids: a failure reason does not need them).
 */
const RULES: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted]'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1[redacted]@'],
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^\n"']*/gi, '$1$2[redacted]'],
  [/\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [
    /\b([A-Za-z0-9_.-]*(?:key|token|secret|password|passwd|credential|credentials|auth)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi,
    '$1$2[redacted]',
  ],
  [/\b(?:sk-|gh[pousr]_|github_pat_|xox[abprs]-|AIza|glpat-|ya29\.)[A-Za-z0-9_\-.]{8,}/g, '[redacted]'],
  [/[A-Za-z0-9+/_=-]{32,}/g, '[redacted]'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Removes secrets from anything about to be logged: values under secret-like
 * keys, the data of Secret objects, and token-shaped substrings anywhere
 * (GitHub and model API tokens, bearer headers, JWTs, PEM private keys,
 * credentials embedded in URLs). Errors become plain objects, redacted too.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY_SUFFIXES = [
  'token',
  'password',
  'passwd',
  'secret',
  'privatekey',
  'authorization',
  'apikey',
  'cookie',
];

/** token, accessToken, x-api-key, GITHUB_TOKEN, ANTHROPIC_API_KEY, privateKey, webhook_secret, … */
export function isSecretKey(key: string): boolean {
  if (/_KEY$/.test(key)) return true;
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s));
}

const PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/(\w+:\/\/)[^\s:@/]+:[^\s@/]+@/g, `$1${REDACTED}@`],
];

export function redactString(s: string): string {
  let out = s;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const MAX_DEPTH = 8;

/** Returns a redacted deep copy; never mutates its input. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) return redact(errorToObject(value), depth, seen);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  const obj = value as Record<string, unknown>;
  const isSecretObject = obj.kind === 'Secret';
  // An env var entry ({name: 'ANTHROPIC_API_KEY', value: '…'}): the name says the value is secret.
  const isSecretEnv = typeof obj.name === 'string' && typeof obj.value === 'string' && isSecretKey(obj.name);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (isSecretObject && (k === 'data' || k === 'stringData')) out[k] = REDACTED;
    else if (isSecretEnv && k === 'value') out[k] = REDACTED;
    else if (
      isSecretKey(k) &&
      v !== null &&
      v !== undefined &&
      typeof v !== 'number' &&
      typeof v !== 'boolean'
    )
      out[k] = REDACTED;
    else out[k] = redact(v, depth + 1, seen);
  }
  return out;
}

/** Errors do not serialise (message/stack are not enumerable); keep what helps and the causes. */
export function errorToObject(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const extra = err as unknown as Record<string, unknown>;
  for (const key of ['code', 'reason', 'status', 'verb', 'ref', 'details']) {
    if (extra[key] !== undefined) out[key] = extra[key];
  }
  if (err.stack) out.stack = err.stack;
  if (err.cause !== undefined) out.cause = err.cause instanceof Error ? errorToObject(err.cause) : err.cause;
  return out;
}

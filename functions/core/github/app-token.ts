/**
 * GitHub App installation tokens (KELOS-BEHAVIOUR §4.3): detect an App Secret,
 * parse its credentials with the original's exact error messages, and mint an
 * installation token with a self-signed RS256 JWT. Uses node:crypto only, so
 * importing it costs nothing at cold start.
 */
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';

/** Secret `data`: values are base64, as the API server returns them. */
export type SecretData = Record<string, string | undefined> | undefined;

export interface AppCredentials {
  appId: string;
  installationId: string;
  privateKey: KeyObject;
}

export interface MintOptions {
  appId: string;
  installationId: string;
  /** PEM text (PKCS#1 or PKCS#8) or an already parsed key. */
  privateKey: string | KeyObject;
  /** e.g. https://api.github.com or https://ghe.example.com/api/v3 */
  apiBaseUrl: string;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
}

export interface InstallationToken {
  token: string;
  expiresAt: string;
}

const APP_KEYS = ['appID', 'installationID', 'privateKey'] as const;

function decode(data: SecretData, key: string): string {
  const value = data?.[key];
  return value ? Buffer.from(value, 'base64').toString('utf8') : '';
}

/** True iff appID, installationID and privateKey are all present and non-empty. */
export function isGitHubAppSecret(data: SecretData): boolean {
  return APP_KEYS.every((key) => decode(data, key) !== '');
}

/** Parses a PEM private key; throws the messages of KELOS-BEHAVIOUR §4.3. */
export function parsePrivateKey(pem: string): KeyObject {
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(pem)) throw new Error('no PEM block found in private key');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`failed to parse private key as PKCS1 or PKCS8: ${reason}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error('PKCS8 key is not RSA');
  return key;
}

export function parseAppCredentials(data: SecretData): AppCredentials {
  const appId = decode(data, 'appID').trim();
  if (!appId) throw new Error('missing appID in secret data');
  const installationId = decode(data, 'installationID').trim();
  if (!installationId) throw new Error('missing installationID in secret data');
  const pem = decode(data, 'privateKey');
  if (!pem) throw new Error('missing privateKey in secret data');
  return { appId, installationId, privateKey: parsePrivateKey(pem) };
}

const b64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

/** The App JWT: iss = app id, iat = now-60 s, exp = now+600 s, RS256. */
export function appJwt(appId: string, key: KeyObject, now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iss: appId, iat: seconds - 60, exp: seconds + 600 }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${b64url(signature)}`;
}

export async function mintInstallationToken(options: MintOptions): Promise<InstallationToken> {
  const key =
    typeof options.privateKey === 'string' ? parsePrivateKey(options.privateKey) : options.privateKey;
  const jwt = appJwt(options.appId, key, (options.now ?? (() => new Date()))());
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  const url = `${base}/app/installations/${encodeURIComponent(options.installationId)}/access_tokens`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const res = await doFetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${jwt}`,
      Accept: 'application/vnd.github.v3+json',
      'User-Agent': 'kelos',
    },
  });
  const text = await res.text();
  if (res.status !== 201) {
    throw new Error(`GitHub API returned status ${res.status}: ${text.slice(0, 1024)}`);
  }
  let body: { token?: unknown; expires_at?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (err) {
    throw new Error('decoding installation token response', { cause: err });
  }
  if (typeof body.token !== 'string' || !body.token) {
    throw new Error('installation token response has no token');
  }
  return { token: body.token, expiresAt: typeof body.expires_at === 'string' ? body.expires_at : '' };
}

/**
 * Splits a git repository URL into GitHub host, owner and repo, the way the
 * original Kelos does (KELOS-BEHAVIOUR §4.1), including its sharp edges:
 * the repo segment stops at the first `.` (`org/my.repo` → `my`), `git://`
 * and `owner/repo` shorthand fall through to the host-less fallback (treated
 * as github.com), and a port stays part of the host.
 */
export interface GitHubRepo {
  /** Host with port, e.g. `github.example.com:8443`; "" when the URL has none. */
  host: string;
  owner: string;
  repo: string;
}

// Unanchored on purpose: the original matches anywhere in the string.
const HTTPS_RE = /https?:\/\/([^/]+)\/([^/]+)\/([^/.]+)/;
const SSH_RE = /git@([^:]+):([^/]+)\/([^/.]+)/;

export function parseGitHubRepo(url: string): GitHubRepo {
  const trimmed = url.endsWith('.git') ? url.slice(0, -'.git'.length) : url;
  const m = HTTPS_RE.exec(trimmed) ?? SSH_RE.exec(trimmed);
  if (m) return { host: m[1]!, owner: m[2]!, repo: m[3]! };

  const parts = trimmed.replace(/\/+$/, '').split('/');
  if (parts.length >= 2) return { host: '', owner: parts[parts.length - 2]!, repo: parts[parts.length - 1]! };
  return { host: '', owner: '', repo: `unknown-repo-${url}` };
}

/** A host other than github.com (and not empty) is GitHub Enterprise. */
export function isEnterpriseHost(host: string): boolean {
  return host !== '' && host !== 'github.com';
}

/** REST API base for a host: github.com (or no host) → api.github.com, Enterprise → https://<host>/api/v3. */
export function apiBaseUrl(host: string): string {
  return isEnterpriseHost(host) ? `https://${host}/api/v3` : 'https://api.github.com';
}

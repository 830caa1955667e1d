/**
 * The env var (and Secret key: the two are the same name) an agent reads its
 * credential from, per agent type and credential type (KELOS-BEHAVIOUR §2.8).
 * One table for resolve-dependencies (checks the key exists), launch-pod
 * (wires the env var) and the CLI (writes the Secret).
 */
import type { AgentType, CredentialType } from './types.js';

export const CREDENTIAL_KEYS: Readonly<Record<AgentType, Readonly<Record<CredentialType, string>>>> = {
  'claude-code': { 'api-key': 'ANTHROPIC_API_KEY', oauth: 'CLAUDE_CODE_OAUTH_TOKEN' },
  codex: { 'api-key': 'CODEX_API_KEY', oauth: 'CODEX_AUTH_JSON' },
  gemini: { 'api-key': 'GEMINI_API_KEY', oauth: 'GEMINI_API_KEY' },
  opencode: { 'api-key': 'OPENCODE_API_KEY', oauth: 'OPENCODE_API_KEY' },
};

export function isAgentType(type: string): type is AgentType {
  return Object.hasOwn(CREDENTIAL_KEYS, type);
}

/** Undefined for an agent or credential type outside the table. */
export function credentialKey(type: string, credentialType: string): string | undefined {
  return isAgentType(type)
    ? (CREDENTIAL_KEYS[type] as Record<string, string | undefined>)[credentialType]
    : undefined;
}

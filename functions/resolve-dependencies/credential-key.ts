/**
 * The Secret key an agent reads its credential from, per agent type and
 * credential type (KELOS-BEHAVIOUR §2.8: the key equals the env var name).
 */
import type { AgentType, CredentialType } from '../core/api/types.js';

const KEYS: Record<AgentType, Record<CredentialType, string>> = {
  'claude-code': { 'api-key': 'ANTHROPIC_API_KEY', oauth: 'CLAUDE_CODE_OAUTH_TOKEN' },
  codex: { 'api-key': 'CODEX_API_KEY', oauth: 'CODEX_AUTH_JSON' },
  gemini: { 'api-key': 'GEMINI_API_KEY', oauth: 'GEMINI_API_KEY' },
  opencode: { 'api-key': 'OPENCODE_API_KEY', oauth: 'OPENCODE_API_KEY' },
};

/** Undefined for a type the CRD would not admit (launch-pod reports it when building the Pod). */
export function credentialKey(type: string, credentialType: string): string | undefined {
  return (KEYS as Record<string, Record<string, string> | undefined>)[type]?.[credentialType];
}

/**
 * The env var an agent reads its credential from, per agent type and
 * credential type (KELOS-BEHAVIOUR §2.8). The Secret key is the same name.
 */
import type { AgentType, CredentialType } from '../core/api/types.js';
import { PodBuildError } from './build-error.js';

const TABLE: Record<AgentType, Record<CredentialType, string>> = {
  'claude-code': { 'api-key': 'ANTHROPIC_API_KEY', oauth: 'CLAUDE_CODE_OAUTH_TOKEN' },
  codex: { 'api-key': 'CODEX_API_KEY', oauth: 'CODEX_AUTH_JSON' },
  gemini: { 'api-key': 'GEMINI_API_KEY', oauth: 'GEMINI_API_KEY' },
  opencode: { 'api-key': 'OPENCODE_API_KEY', oauth: 'OPENCODE_API_KEY' },
};

export function isSupportedAgentType(type: string): type is AgentType {
  return Object.hasOwn(TABLE, type);
}

/** Throws `unsupported agent type: <type>` for anything outside the table. */
export function credentialEnvName(type: string, credentialType: CredentialType): string {
  if (!isSupportedAgentType(type)) throw new PodBuildError(`unsupported agent type: ${type}`);
  const name = TABLE[type][credentialType];
  if (!name) throw new PodBuildError(`unsupported credential type: ${String(credentialType)}`);
  return name;
}

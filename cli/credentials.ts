/** The credential Secret key per agent type and credential type (KELOS-BEHAVIOUR §2.8 table). */
const KEYS: Record<string, { 'api-key': string; oauth: string }> = {
  'claude-code': { 'api-key': 'ANTHROPIC_API_KEY', oauth: 'CLAUDE_CODE_OAUTH_TOKEN' },
  codex: { 'api-key': 'CODEX_API_KEY', oauth: 'CODEX_AUTH_JSON' },
  gemini: { 'api-key': 'GEMINI_API_KEY', oauth: 'GEMINI_API_KEY' },
  opencode: { 'api-key': 'OPENCODE_API_KEY', oauth: 'OPENCODE_API_KEY' },
};

export function credentialKey(agentType: string, credentialType: 'api-key' | 'oauth'): string {
  const keys = KEYS[agentType];
  if (!keys) throw new Error(`unsupported agent type: ${agentType}`);
  return keys[credentialType];
}

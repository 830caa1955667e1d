/** The credential Secret key per agent type and credential type (the shared §2.8 table). */
import { credentialKey as lookup } from '../functions/core/api/credential-keys.js';

export function credentialKey(agentType: string, credentialType: 'api-key' | 'oauth'): string {
  const key = lookup(agentType, credentialType);
  if (!key) throw new Error(`unsupported agent type: ${agentType}`);
  return key;
}

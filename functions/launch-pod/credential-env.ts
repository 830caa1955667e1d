/** The credential env var of the agent container, with the build errors of KELOS-BEHAVIOUR §2.8. */
import { credentialKey, isAgentType } from '../core/api/credential-keys.js';
import type { CredentialType } from '../core/api/types.js';
import { PodBuildError } from './build-error.js';

export { isAgentType as isSupportedAgentType };

/** Throws `unsupported agent type: <type>` for anything outside the table. */
export function credentialEnvName(type: string, credentialType: CredentialType): string {
  if (!isAgentType(type)) throw new PodBuildError(`unsupported agent type: ${type}`);
  const name = credentialKey(type, credentialType);
  if (!name) throw new PodBuildError(`unsupported credential type: ${String(credentialType)}`);
  return name;
}

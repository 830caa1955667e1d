/**
 * Hardening every agent Pod gets (SPEC.md §3) so it passes the Pod Security
 * "restricted" profile: non-root UID/GID 61100, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp.
 */
import { AGENT_UID } from '../core/api/constants.js';
import type { PodSecurityContext, SecurityContext } from '../core/task/pod-types.js';

export function podSecurityContext(withWorkspace: boolean): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: AGENT_UID,
    runAsGroup: AGENT_UID,
    // Only a cloned workspace needs group-writable volumes (as the original).
    ...(withWorkspace ? { fsGroup: AGENT_UID } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Per container; init containers also pin runAsUser (the git image would otherwise run as root). */
export function containerSecurityContext(pinUser: boolean): SecurityContext {
  return {
    ...(pinUser ? { runAsUser: AGENT_UID } : {}),
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  };
}

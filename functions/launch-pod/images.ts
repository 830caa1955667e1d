/**
 * Container images for agent Pods. Each agent type has a default image of
 * this project, `ghcr.io/kelos-dev/kelos-knative/<type>:latest`, overridable
 * per type with `KELOS_<TYPE>_IMAGE` (type upper-cased, `-` → `_`, e.g.
 * `KELOS_CLAUDE_CODE_IMAGE`); a Task's `spec.image` overrides both. The git
 * helper image (all init containers) is `KELOS_GIT_IMAGE`, default
 * `alpine/git:v2.47.2`; it runs as UID 61100 like everything else.
 */
import { AGENT_TYPES, type AgentType } from '../core/api/types.js';

export interface PodImages {
  agents: Record<AgentType, string>;
  git: string;
}

export const IMAGE_REPOSITORY = 'ghcr.io/kelos-dev/kelos-knative';
export const DEFAULT_GIT_IMAGE = 'alpine/git:v2.47.2';

export function imageEnvName(type: AgentType): string {
  return `KELOS_${type.toUpperCase().replace(/-/g, '_')}_IMAGE`;
}

export function readImages(env: Record<string, string | undefined> = process.env): PodImages {
  const agents = {} as Record<AgentType, string>;
  for (const type of AGENT_TYPES) {
    agents[type] = env[imageEnvName(type)] || `${IMAGE_REPOSITORY}/${type}:latest`;
  }
  return { agents, git: env['KELOS_GIT_IMAGE'] || DEFAULT_GIT_IMAGE };
}

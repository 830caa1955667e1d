/**
 * The images a local node needs and how each is made (pure data). The agent
 * images come from agents/<type>/Dockerfile, the git helper from
 * scripts/images/git/Dockerfile, pause from a few lines of static C.
 */
import { AGENT_TYPES, type AgentType } from '../../functions/core/api/types.js';
import { imageEnvName } from '../../functions/launch-pod/images.js';

/** Bump to rebuild every image after a change to how they are made. */
export const RECIPE_VERSION = '1';

export type ImageName = 'pause' | 'git' | AgentType;

export interface DockerfileImage {
  name: ImageName;
  kind: 'dockerfile';
  /** Relative to the repository root (the build context). */
  dockerfile: string;
  buildArgs: Record<string, string>;
  /** Whether the base is given as `--build-arg BASE=<ref>` (else the Dockerfile's FROM is tagged). */
  baseArg: boolean;
  env: string;
}

export interface PauseImage {
  name: 'pause';
  kind: 'pause';
  source: string;
  env: null;
}

export type ImageDef = DockerfileImage | PauseImage;

export const IMAGE_NAMES: readonly ImageName[] = ['pause', 'git', ...AGENT_TYPES];

export function imageDef(name: ImageName): ImageDef {
  if (name === 'pause') return { name, kind: 'pause', source: 'scripts/images/pause/pause.c', env: null };
  if (name === 'git') {
    return {
      name,
      kind: 'dockerfile',
      dockerfile: 'scripts/images/git/Dockerfile',
      buildArgs: {},
      baseArg: true,
      env: 'KELOS_GIT_IMAGE',
    };
  }
  return {
    name,
    kind: 'dockerfile',
    dockerfile: `agents/${name}/Dockerfile`,
    // Debian's gh: the release tarball on GitHub cannot be reached here.
    buildArgs: { GH_SOURCE: 'debian' },
    baseArg: false,
    env: imageEnvName(name),
  };
}

export function imageRef(name: ImageName, hash: string): string {
  return `localhost/kelos-${name}:${hash}`;
}

/** The names asked for, in build order; unknown names are an error that lists the known ones. */
export function selectImages(args: readonly string[]): ImageName[] {
  const unknown = args.filter((a) => !(IMAGE_NAMES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    throw new Error(
      `unknown image ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${IMAGE_NAMES.join(', ')})`,
    );
  }
  if (args.length === 0) return [...IMAGE_NAMES];
  return IMAGE_NAMES.filter((n) => args.includes(n));
}

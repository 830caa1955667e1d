/**
 * How an agent Pod on the local node is pointed at a scripted model server
 * (test/support/model-server.ts) instead of a real model: per agent type, the
 * Task's model, the credential Secret key, extra env for podOverrides and
 * Workspace files for the CLIs that read their endpoint only from a config
 * file (codex, opencode; AGENT-TESTING.md). Pure: the example and the
 * real-node e2e build their objects from it.
 */
import { REPO_DIR } from '../../functions/launch-pod/git-init-containers.js';

export type AgentType = 'claude-code' | 'codex' | 'gemini' | 'opencode';
export const AGENT_TYPES: readonly AgentType[] = ['claude-code', 'codex', 'gemini', 'opencode'];

/** Config files live in the clone under this folder (untracked; the scripted commands add only their own files). */
export const LOCAL_CONFIG_DIR = '.kelos-local';

export interface PodModelWiring {
  model: string;
  /** The key of the api-key credentials Secret launch-pod reads for this type. */
  credentialKey: string;
  env: { name: string; value: string }[];
  files: { path: string; content: string }[];
}

export function podModelWiring(type: AgentType, modelUrl: string): PodModelWiring {
  const quiet = [
    { name: 'DISABLE_TELEMETRY', value: '1' },
    { name: 'DISABLE_AUTOUPDATER', value: '1' },
  ];
  switch (type) {
    case 'claude-code':
      return {
        model: 'claude-scripted-1',
        credentialKey: 'ANTHROPIC_API_KEY',
        env: [
          { name: 'ANTHROPIC_BASE_URL', value: modelUrl },
          { name: 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', value: '1' },
          ...quiet,
        ],
        files: [],
      };
    case 'codex':
      // OPENAI_BASE_URL alone is ignored: a model provider in config.toml, found through CODEX_HOME.
      return {
        model: 'gpt-scripted-1',
        credentialKey: 'CODEX_API_KEY',
        env: [{ name: 'CODEX_HOME', value: `${REPO_DIR}/${LOCAL_CONFIG_DIR}/codex` }],
        files: [
          {
            path: `${LOCAL_CONFIG_DIR}/codex/config.toml`,
            content: [
              'model_provider = "scripted"',
              '',
              '[model_providers.scripted]',
              'name = "scripted"',
              `base_url = "${modelUrl}/v1"`,
              'env_key = "CODEX_API_KEY"',
              'wire_api = "responses"',
              '',
            ].join('\n'),
          },
        ],
      };
    case 'gemini':
      return {
        model: 'gemini-scripted-1',
        credentialKey: 'GEMINI_API_KEY',
        env: [{ name: 'GOOGLE_GEMINI_BASE_URL', value: modelUrl }],
        files: [],
      };
    case 'opencode':
      return {
        model: 'anthropic/claude-scripted-1',
        credentialKey: 'OPENCODE_API_KEY',
        env: [
          { name: 'OPENCODE_CONFIG', value: `${REPO_DIR}/${LOCAL_CONFIG_DIR}/opencode.json` },
          { name: 'OPENCODE_DISABLE_AUTOUPDATE', value: '1' },
          { name: 'OPENCODE_DISABLE_MODELS_FETCH', value: '1' },
        ],
        files: [
          {
            path: `${LOCAL_CONFIG_DIR}/opencode.json`,
            content: JSON.stringify(
              {
                provider: {
                  anthropic: {
                    options: { baseURL: `${modelUrl}/v1` },
                    models: { 'claude-scripted-1': { name: 'Scripted', cost: { input: 3, output: 15 } } },
                  },
                },
              },
              null,
              2,
            ),
          },
        ],
      };
  }
}

/** The shell command the scripted model has the agent run: a commit on the current branch, pushed. */
export function commitAndPushCommand(file: string, content: string, message: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return (
    `printf '%s\\n' ${q(content)} > ${q(file)} && git add ${q(file)} && ` +
    `git -c user.name='Kelos agent' -c user.email=agent@kelos.invalid commit -q -m ${q(message)} && ` +
    'git push -q origin HEAD'
  );
}

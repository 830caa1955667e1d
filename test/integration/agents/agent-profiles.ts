/**
 * How each real agent CLI is pointed at the scripted model server in a test
 * (AGENT-TESTING.md): the env and the test-only config files. Everything else
 * (AgentConfig delivery, gemini's settings) is the entrypoint's job.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from './agent-sandbox.js';

export type AgentType = 'claude-code' | 'codex' | 'gemini' | 'opencode';
export const AGENT_TYPES: AgentType[] = ['claude-code', 'codex', 'gemini', 'opencode'];

export interface Profile {
  /** KELOS_MODEL for the run. */
  model: string;
  /** The model name as it reaches the model server. */
  wireModel: string;
  /** The credential env launch-pod would set, with the key the server must see. */
  credential: Record<string, string>;
  apiKey: string;
  /** Writes test-only config and returns the extra env. */
  prepare(sb: Sandbox, modelUrl: string): Record<string, string>;
}

export const PROFILES: Record<AgentType, Profile> = {
  'claude-code': {
    model: 'claude-scripted-1',
    wireModel: 'claude-scripted-1',
    credential: { ANTHROPIC_API_KEY: 'sk-ant-test-claude' },
    apiKey: 'sk-ant-test-claude',
    prepare: (_sb, url) => ({
      ANTHROPIC_BASE_URL: url,
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      // --dangerously-skip-permissions is refused as root otherwise (the image runs as 61100).
      IS_SANDBOX: '1',
    }),
  },
  codex: {
    model: 'gpt-scripted-1',
    wireModel: 'gpt-scripted-1',
    credential: { CODEX_API_KEY: 'sk-test-codex' },
    apiKey: 'sk-test-codex',
    prepare: (sb, url) => {
      mkdirSync(join(sb.home, '.codex'), { recursive: true });
      const toml = [
        'model_provider = "scripted"',
        '',
        '[model_providers.scripted]',
        'name = "scripted"',
        `base_url = "${url}/v1"`,
        'env_key = "CODEX_API_KEY"',
        'wire_api = "responses"',
        '',
      ].join('\n');
      writeFileSync(join(sb.home, '.codex', 'config.toml'), toml);
      return {};
    },
  },
  gemini: {
    model: 'gemini-scripted-1',
    wireModel: 'gemini-scripted-1',
    credential: { GEMINI_API_KEY: 'test-gemini-key' },
    apiKey: 'test-gemini-key',
    prepare: (_sb, url) => ({ GOOGLE_GEMINI_BASE_URL: url }),
  },
  opencode: {
    model: 'anthropic/claude-scripted-1',
    wireModel: 'claude-scripted-1',
    // The entrypoint maps it to ANTHROPIC_API_KEY from the model's provider prefix.
    credential: { OPENCODE_API_KEY: 'sk-ant-test-opencode' },
    apiKey: 'sk-ant-test-opencode',
    prepare: (sb, url) => {
      const dir = join(sb.home, '.config', 'opencode');
      mkdirSync(dir, { recursive: true });
      const config = {
        provider: {
          anthropic: {
            options: { baseURL: `${url}/v1` },
            models: { 'claude-scripted-1': { name: 'Scripted', cost: { input: 3, output: 15 } } },
          },
        },
      };
      writeFileSync(join(dir, 'opencode.json'), JSON.stringify(config, null, 2));
      return { OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_DISABLE_MODELS_FETCH: '1' };
    },
  },
};

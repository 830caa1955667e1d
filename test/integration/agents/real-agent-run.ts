/**
 * One run of an agent's real entrypoint with the real pinned CLI against the
 * scripted model server, in a fresh sandbox, with the full AgentConfig
 * (agentsMD, a plugin with a skill and an agent, a stdio MCP server).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startModelServer, type RecordedRequest, type ScriptStep } from '../../support/model-server.js';
import { PROFILES, type AgentType } from './agent-profiles.js';
import { createSandbox, type Sandbox } from './agent-sandbox.js';
import { startMcpHttpProbe } from './mcp-http-probe.js';
import { CAPTURE_BUNDLE, runEntrypoint, SETUP_BUNDLE, type RunResult } from './run-entrypoint.js';

export const BRANCH = 'kelos/task-1';
export const PROMPT = 'Add a hello file on a new branch and push it (PROMPT-4d2c).';
export const AGENTS_MD = 'House rules AGENTSMD-5e1b: keep commits small.';
export const PROBE_SERVER = fileURLToPath(new URL('./fixtures/mcp-probe-server.mjs', import.meta.url));
export const USAGE = { input: 120, output: 30 };

export const PUSH_COMMAND =
  `git checkout -b ${BRANCH} && echo hello > hello.txt && git add hello.txt && ` +
  `git commit -m "Add hello" && git push -u origin ${BRANCH}`;

export interface AgentRun {
  sb: Sandbox;
  result: RunResult;
  requests: RecordedRequest[];
  scripted: RecordedRequest[];
  /** What the remote (Streamable HTTP) MCP server was asked, and the Authorization headers it got. */
  httpMcp: { methods: string[]; authorizations: string[] };
}

export const MCP_HTTP_TOKEN = 'Bearer mcp-token-3b9e';

export async function runRealAgent(
  type: AgentType,
  cliBinDir: string,
  script: ScriptStep[],
  /** Deliver this prompt in a file named by KELOS_PROMPT_FILE instead of PROMPT as $1. */
  promptInFile?: string,
): Promise<AgentRun> {
  const sb = createSandbox();
  const server = await startModelServer({ script, usage: USAGE });
  const httpMcp = await startMcpHttpProbe();
  try {
    const profile = PROFILES[type];
    const mcp = {
      mcpServers: {
        probe: { type: 'stdio', command: 'node', args: [PROBE_SERVER], env: { KELOS_PROBE_LOG: sb.mcpLog } },
        remote: { type: 'http', url: httpMcp.url, headers: { Authorization: MCP_HTTP_TOKEN } },
      },
    };
    const env: NodeJS.ProcessEnv = {
      PATH: [sb.binDir, cliBinDir, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      HOME: sb.home,
      TMPDIR: sb.root,
      LANG: 'C.UTF-8',
      KELOS_CAPTURE: CAPTURE_BUNDLE,
      KELOS_AGENT_SETUP: SETUP_BUNDLE,
      KELOS_AGENT_OUTPUT: sb.agentOutput,
      KELOS_TERMINATION_LOG: sb.terminationLog,
      GH_STANDIN_LOG: sb.ghLog,
      // What launch-pod sets (KELOS-BEHAVIOUR §2.8), in its order.
      KELOS_MODEL: profile.model,
      KELOS_AGENT_TYPE: type,
      ...profile.credential,
      KELOS_UPSTREAM_REPO: 'upstream-org/widgets',
      KELOS_AGENTS_MD: AGENTS_MD,
      KELOS_PLUGIN_DIR: sb.pluginDir,
      KELOS_MCP_SERVERS: JSON.stringify(mcp),
      ...profile.prepare(sb, server.url),
    };
    if (promptInFile !== undefined) {
      env['KELOS_PROMPT_FILE'] = `${sb.root}/prompt`;
      writeFileSync(env['KELOS_PROMPT_FILE'], promptInFile);
    }
    const args = promptInFile === undefined ? [PROMPT] : [];
    const result = await runEntrypoint({ type, args, cwd: sb.repo, env, timeoutMs: 150_000 });
    const { methods, authorizations } = httpMcp;
    return {
      sb,
      result,
      requests: server.requests,
      scripted: server.scripted(),
      httpMcp: { methods, authorizations },
    };
  } catch (err) {
    sb.cleanup();
    throw err;
  } finally {
    await server.stop();
    await httpMcp.stop();
  }
}

/** The lines between the output markers of what the entrypoint printed. */
export function outputLines(stdout: string): string[] | undefined {
  const m = /---KELOS_OUTPUTS_START---\n([\s\S]*?)---KELOS_OUTPUTS_END---\n?$/.exec(stdout);
  return m ? (m[1] ?? '').split('\n').filter((l) => l !== '') : undefined;
}

export const readText = (path: string): string => readFileSync(path, 'utf8');

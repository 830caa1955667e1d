/**
 * kelos-capture: run by the agent image's entrypoint after the agent exits, in
 * the repository directory. Prints the outputs block for capture-outputs to read
 * from the log, copies it to the termination log when that file is writable, and
 * always exits 0 so it never changes the agent's result.
 *
 * Env: KELOS_AGENT_TYPE, KELOS_BASE_BRANCH, KELOS_UPSTREAM_REPO (as set by launch-pod);
 * KELOS_AGENT_OUTPUT (default /tmp/agent-output.jsonl) and KELOS_TERMINATION_LOG
 * (default /dev/termination-log) exist so tests on a host can redirect them;
 * KELOS_RESULTS_FILE (default /tmp/kelos-results) holds extra `key: value`
 * lines an agent or custom entrypoint wants reported.
 *
 * The log gets the whole block; the termination log a block cut to the
 * kubelet's 4096 bytes with the keys Kelos reads first (fit-block.ts).
 */
import { accessSync, constants, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { collectOutputs } from './collect-outputs.js';
import { fitBlock, TERMINATION_MESSAGE_LIMIT } from './fit-block.js';
import { formatBlock } from './format-block.js';
import { runCommand } from './run-command.js';

export const DEFAULT_AGENT_OUTPUT = '/tmp/agent-output.jsonl';
export const DEFAULT_TERMINATION_LOG = '/dev/termination-log';
export const DEFAULT_RESULTS_FILE = '/tmp/kelos-results';

/** Writes only to an existing writable file: the kubelet creates it; we never create one. */
function writeTerminationLog(path: string, block: string): void {
  try {
    accessSync(path, constants.W_OK);
    writeFileSync(path, block);
  } catch {
    // Not in a Pod, or not writable: the log copy is enough.
  }
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const outputPath = env['KELOS_AGENT_OUTPUT'] || DEFAULT_AGENT_OUTPUT;
  const lines = await collectOutputs({
    env,
    run: (cmd, args) => runCommand(cmd, args),
    readAgentOutput: () => readFile(outputPath, 'utf8').catch(() => undefined),
    readExtraResults: () =>
      readFile(env['KELOS_RESULTS_FILE'] || DEFAULT_RESULTS_FILE, 'utf8').catch(() => undefined),
  });
  const block = formatBlock(lines);
  if (block === '') return;
  // The log gets every line; the termination message only what the kubelet keeps of it.
  process.stdout.write(block);
  const fitted = fitBlock(lines);
  if (fitted.dropped > 0)
    process.stderr.write(
      `kelos-capture: ${fitted.dropped} output line(s) left out of the termination message ` +
        `(at most ${TERMINATION_MESSAGE_LIMIT} bytes); the log above has them all\n`,
    );
  writeTerminationLog(env['KELOS_TERMINATION_LOG'] || DEFAULT_TERMINATION_LOG, fitted.block);
}

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { decideCapture } from '../../../functions/capture-outputs/decide.js';
import {
  agentFailureMessage,
  REASON_MAX_CHARS,
  reasonFromOutput,
} from '../../../functions/capture-outputs/failure-reason.js';
import { LOG_TAIL_LINES, logTailLines } from '../../../functions/capture-outputs/log-tail.js';
import { redactSecrets } from '../../../functions/capture-outputs/redact.js';
import type { Task } from '../../../functions/core/api/types.js';
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { Pod } from '../../../functions/core/task/pod-types.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const S = '---KELOS_OUTPUTS_START---';
const E = '---KELOS_OUTPUTS_END---';
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/agent-output/${name}.jsonl`, import.meta.url), 'utf8');

const task: Task = {
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name: 't', namespace: 'ns', uid: 'u1', generation: 1 },
  spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'api-key', secretRef: { name: 's' } } },
  status: { phase: 'Running', podName: 't' },
};
const failedPod = (exitCode: number, message?: string, reason = 'Error'): Stored<Pod> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 't', namespace: 'ns' },
  spec: { containers: [] },
  status: {
    phase: 'Failed',
    containerStatuses: [
      { name: 'claude-code', state: { terminated: { exitCode, reason, ...(message ? { message } : {}) } } },
    ],
  },
});

describe('failure reasons: a failed agent says why', () => {
  describe('reasonFromOutput: the gist of the last lines', () => {
    it("each real CLI's failed run: the model's error text, not the JSON around it", () => {
      for (const type of ['claude-code', 'codex', 'gemini', 'opencode']) {
        const reason = reasonFromOutput(fixture(`${type}-failed`));
        expect(reason, type).to.include('scripted model failure');
        expect(reason.length, type).to.be.at.most(REASON_MAX_CHARS);
        expect(reason, type).to.not.include('input_tokens');
      }
    });

    it('plain text lines are kept, the outputs block and what follows it are not', () => {
      const log = `starting\nError: Invalid API key · Fix external API key\n${S}\nbranch: x\n${E}\n`;
      expect(reasonFromOutput(log)).to.equal('starting | Error: Invalid API key · Fix external API key');
    });

    it('the last three distinct lines, joined on one line', () => {
      expect(reasonFromOutput('a\nb\nb\nc\nd\n\n')).to.equal('b | c | d');
    });

    it('claude-code\'s retries ("error": "unknown") give way to its final error; alone, they are quoted', () => {
      const retry = (n: number) =>
        `{"type":"system","subtype":"api_retry","attempt":${n},"max_retries":10,"error_status":null,"error":"unknown"}`;
      const result =
        '{"type":"result","subtype":"success","is_error":true,"result":"API Error: Unable to connect to API (ConnectionRefused)"}';
      const log = [
        retry(9),
        retry(10),
        result,
        'API Error: Unable to connect to API (ConnectionRefused)',
      ].join('\n');
      expect(reasonFromOutput(`${log}\n${S}\ncost-usd: 0\n${E}\n`)).to.equal(
        'API Error: Unable to connect to API (ConnectionRefused)',
      );
      expect(reasonFromOutput([retry(1), retry(2)].join('\n'))).to.equal('unknown');
    });

    it('bounded: a long reason keeps its end', () => {
      const r = reasonFromOutput(`${'word '.repeat(400)}the real cause`);
      expect(r.length).to.equal(REASON_MAX_CHARS);
      expect(r.startsWith('…')).to.equal(true);
      expect(r.endsWith('the real cause')).to.equal(true);
    });

    it('nothing useful: empty', () => {
      expect(reasonFromOutput('')).to.equal('');
      expect(reasonFromOutput('{"type":"assistant","message":{"content":[]}}\n')).to.equal('');
    });
  });

  describe('redactSecrets: no secret reaches a Task message', () => {
    const cases: [string, string][] = [
      ['ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnop', 'sk-ant-api03'],
      ['export GITHUB_TOKEN="ghp_0123456789abcdefghijABCDEFGHIJ"', 'ghp_0123'],
      ['clone https://x-access-token:ghs_s3cr3tT0k3nValue@github.com/o/r.git failed', 'ghs_s3cr3t'],
      ['curl -H "Authorization: Bearer abc.def.ghi-123456"', 'abc.def'],
      ['request had Authorization: token 0123456789abcdef0123', '0123456789abcdef'],
      ['{"password":"hunter2hunter2"}', 'hunter2'],
      ['key AIzaSyA-1234567890abcdefghijklmnopq', 'AIzaSy'],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
      ['opaque 9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c', '9f8e7d6c5b4a'],
      ['CLAUDE_CODE_OAUTH_TOKEN: sk-ant-oat01-zzzzzzzzzzzzzz', 'oat01'],
    ];
    for (const [text, secret] of cases) {
      it(`redacts ${JSON.stringify(text.slice(0, 40))}`, () => {
        const out = redactSecrets(text);
        expect(out).to.not.include(secret);
        expect(out).to.include('[redacted]');
      });
    }

    it('leaves ordinary error text alone', () => {
      for (const text of [
        'Invalid API key · Fix external API key',
        'API Error: 400 scripted model failure',
        'fatal: could not read Username for https://github.com: terminal prompts disabled',
      ])
        expect(redactSecrets(text)).to.equal(text);
    });

    it('a secret in the log does not reach the Task message', () => {
      const d = decideCapture({
        task,
        pod: failedPod(1, `${S}\nbranch: b\n${E}\n`),
        now: NOW,
        logs: `using ANTHROPIC_API_KEY=sk-ant-api03-secretsecretsecret\nInvalid API key\n${S}\nbranch: b\n${E}\n`,
      });
      expect(d.status?.message).to.equal(
        'Task failed: agent container claude-code exited with code 1: using ANTHROPIC_API_KEY=[redacted] | Invalid API key',
      );
    });
  });

  describe('the Task message of a failed agent', () => {
    it('with an outputs block in the termination message: the log is read and its tail gives the reason', () => {
      const p = failedPod(1, `${S}\ncommit: abc\n${E}\n`);
      expect(logTailLines(task, p)).to.equal(LOG_TAIL_LINES);
      const d = decideCapture({
        task,
        pod: p,
        now: NOW,
        logs: `${fixture('claude-code-failed')}${S}\ncommit: abc\n${E}\n`,
      });
      expect(d.status?.message).to.equal(
        'Task failed: agent container claude-code exited with code 1: API Error: 400 scripted model failure',
      );
      expect(d.status?.results).to.deep.equal({ commit: 'abc' });
    });

    it('without a block: the termination message (the kubelet copies the log tail there on error) gives it', () => {
      const d = decideCapture({
        task,
        pod: failedPod(1, 'Error: Invalid API key'),
        now: NOW,
        logs: 'ignored',
      });
      expect(d.status?.message).to.equal(
        'Task failed: agent container claude-code exited with code 1: Error: Invalid API key',
      );
    });

    it('a reason other than Error is named; nothing to quote: just the code', () => {
      expect(agentFailureMessage({ container: 'codex', exitCode: 137, reason: 'OOMKilled' }, '')).to.equal(
        'Task failed: agent container codex exited with code 137 (OOMKilled)',
      );
      const d = decideCapture({ task, pod: failedPod(2), now: NOW, logs: '' });
      expect(d.status?.message).to.equal('Task failed: agent container claude-code exited with code 2');
    });

    it('a succeeded agent reads no log when its block is whole', () => {
      const p = failedPod(0, `${S}\ncommit: abc\n${E}\n`, 'Completed');
      p.status!.phase = 'Succeeded';
      expect(logTailLines(task, p)).to.equal(undefined);
    });
  });
  describe('a failed init container', () => {
    it('quotes its termination message (its log tail, by FallbackToLogsOnError), credentials redacted', () => {
      const p: Stored<Pod> = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 't', namespace: 'ns' },
        spec: { containers: [] },
        status: {
          phase: 'Failed',
          initContainerStatuses: [
            {
              name: 'git-clone',
              state: {
                terminated: {
                  exitCode: 128,
                  message:
                    "Cloning into '/workspace/repo'...\nremote: Invalid username or password.\n" +
                    "fatal: Authentication failed for 'https://x-access-token:ghs_abcdefghijklmnop@github.com/o/r.git/'\n",
                },
              },
            },
          ],
        },
      };
      const d = decideCapture({
        task: { ...task, status: { phase: 'Pending', podName: 't' } },
        pod: p,
        now: NOW,
        logs: '',
      });
      expect(d.status?.message).to.equal(
        "Task failed: init container git-clone exited with code 128: Cloning into '/workspace/repo'... | " +
          "remote: Invalid username or password. | fatal: Authentication failed for 'https://[redacted]@github.com/o/r.git/'",
      );
    });
  });
});

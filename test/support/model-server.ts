/**
 * A scripted local model server for running the real agent CLIs in tests
 * (see ../shared AGENT-TESTING.md). It speaks the Anthropic Messages API, the
 * OpenAI Responses API and the Gemini API on one port, answers the main loop
 * step by step from the script (counting the assistant turns in each request),
 * and records every request so tests can assert what reached the model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { apiKeyOf, parse, readBody, sendJson, sendSse } from './model-server-http.js';
import type { AddressInfo } from 'node:net';
import {
  anthropicError,
  anthropicEvents,
  anthropicMessage,
  anthropicShellTool,
  anthropicTurns,
} from './model-server-anthropic.js';
import {
  geminiError,
  geminiHasShell,
  geminiSideAnswer,
  geminiStreamEvents,
  geminiTurns,
} from './model-server-gemini.js';
import { openaiError, openaiEvents, openaiHasShell, openaiTurns } from './model-server-openai.js';
import { stepAt, type RecordedRequest, type ScriptStep, type Usage } from './model-server-script.js';

export type { RecordedRequest, ScriptStep, Usage } from './model-server-script.js';

export interface ModelServerOptions {
  script: ScriptStep[];
  /** Token usage reported on every answer (default 100 in, 20 out). */
  usage?: Usage;
  /** Address to listen on (default 127.0.0.1); a local node's bridge address lets its Pods reach it. */
  host?: string;
}

export interface ModelServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  /** Requests of the scripted main loop only. */
  scripted(): RecordedRequest[];
  stop(): Promise<void>;
}

export async function startModelServer(opts: ModelServerOptions): Promise<ModelServer> {
  const usage = opts.usage ?? { input: 100, output: 20 };
  const requests: RecordedRequest[] = [];
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    const body = parse(text);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const n = ++counter;
    const record = (api: string, model: string, scripted: boolean, step: number): void => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        api,
        model,
        scripted,
        step,
        body,
        text,
        apiKey: apiKeyOf(req),
      });
    };

    if (req.method === 'POST' && path.endsWith('/messages')) {
      const model = String(body['model'] ?? '');
      const tool = anthropicShellTool(body);
      const turns = anthropicTurns(body);
      const step: ScriptStep =
        tool === undefined ? { kind: 'text', text: 'Scripted side answer.' } : stepAt(opts.script, turns);
      record('anthropic', model, tool !== undefined, turns);
      if (step.kind === 'error')
        return void sendJson(res, anthropicError(step).status, anthropicError(step).body);
      const a = { step, tool: tool ?? 'Bash', model, usage, n };
      if (body['stream'] === true) return void sendSse(res, anthropicEvents(a));
      return void sendJson(res, 200, anthropicMessage(a));
    }
    if (req.method === 'POST' && path.endsWith('/responses')) {
      const model = String(body['model'] ?? '');
      const shell = openaiHasShell(body);
      const turns = openaiTurns(body);
      const step: ScriptStep = shell
        ? stepAt(opts.script, turns)
        : { kind: 'text', text: 'Scripted side answer.' };
      record('openai', model, shell, turns);
      if (step.kind === 'error') return void sendJson(res, openaiError(step).status, openaiError(step).body);
      return void sendSse(res, openaiEvents({ step, model, usage, n }));
    }
    const gemini = /\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(path);
    if (req.method === 'POST' && gemini) {
      const model = gemini[1] ?? '';
      const method = gemini[2];
      if (method === 'countTokens') {
        record('gemini', model, false, 0);
        return void sendJson(res, 200, { totalTokens: usage.input });
      }
      const shell = geminiHasShell(body);
      const turns = geminiTurns(body);
      record('gemini', model, shell, turns);
      if (!shell) {
        const answer = geminiSideAnswer(body, model, usage);
        return void (method === 'streamGenerateContent'
          ? sendSse(res, [`data: ${JSON.stringify(answer)}\r\n\r\n`])
          : sendJson(res, 200, answer));
      }
      const step = stepAt(opts.script, turns);
      if (step.kind === 'error') return void sendJson(res, geminiError(step).status, geminiError(step).body);
      return void sendSse(res, geminiStreamEvents({ step, model, usage }));
    }
    record('other', '', false, 0);
    if (req.method === 'HEAD' || req.method === 'GET') return void sendJson(res, 200, {});
    sendJson(res, 404, {
      error: { message: `scripted model server: no route for ${req.method ?? ''} ${path}` },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
      else res.end();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    scripted: () => requests.filter((r) => r.scripted),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

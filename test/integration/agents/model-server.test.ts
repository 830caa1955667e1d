/** The scripted model server over real HTTP: steps by assistant turns, side requests, errors, recording. */
import { expect } from 'chai';
import { startModelServer, type ModelServer } from '../../support/model-server.js';

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** The JSON payloads of an SSE body. */
const events = (text: string): Array<Record<string, unknown>> =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);

describe('test/support model server', () => {
  let server: ModelServer;
  beforeEach(async () => {
    server = await startModelServer({
      script: [
        { kind: 'shell', command: 'echo one' },
        { kind: 'error', message: 'boom' },
      ],
      usage: { input: 11, output: 7 },
    });
  });
  afterEach(() => server.stop());

  it('anthropic: step 0 is a tool_use of the offered Bash tool, streamed, with the usage', async () => {
    const r = await post(
      `${server.url}/v1/messages?beta=true`,
      {
        model: 'm1',
        stream: true,
        tools: [{ name: 'Bash' }],
        messages: [{ role: 'user', content: 'hi PROMPT' }],
      },
      { 'x-api-key': 'k1' },
    );
    const ev = events(r.text);
    expect(ev.map((e) => e['type'])).to.deep.equal([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(ev[1]).to.have.nested.property('content_block.name', 'Bash');
    expect(JSON.parse(String((ev[2]?.['delta'] as { partial_json: string }).partial_json))).to.deep.include({
      command: 'echo one',
    });
    expect(ev[4]).to.deep.include({ usage: { output_tokens: 7 } });
    expect(server.requests[0]).to.deep.include({
      api: 'anthropic',
      model: 'm1',
      scripted: true,
      step: 0,
      apiKey: 'k1',
    });
    expect(server.requests[0]?.text).to.include('hi PROMPT');
  });

  it('anthropic: one assistant turn moves to step 1, the error answer', async () => {
    const messages = [{ role: 'user' }, { role: 'assistant' }, { role: 'user' }];
    const r = await post(`${server.url}/v1/messages`, {
      model: 'm',
      stream: true,
      tools: [{ name: 'bash' }],
      messages,
    });
    expect(r.status).to.equal(400);
    expect(JSON.parse(r.text)).to.deep.equal({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'boom' },
    });
  });

  it('anthropic: past the script the model finishes with a text; without a shell tool it is a side request', async () => {
    const three = [{ role: 'assistant' }, { role: 'assistant' }, { role: 'assistant' }];
    const done = await post(`${server.url}/v1/messages`, {
      model: 'm',
      tools: [{ name: 'Bash' }],
      messages: three,
    });
    expect(JSON.parse(done.text)).to.deep.include({ stop_reason: 'end_turn' });
    await post(`${server.url}/v1/messages`, { model: 'small', messages: [{ role: 'user' }] });
    expect(server.scripted().map((r) => r.model)).to.deep.equal(['m']);
    expect(server.requests.at(-1)).to.deep.include({ scripted: false, model: 'small' });
  });

  it('openai responses: exec_command function call, then counting function calls as turns', async () => {
    const tools = [{ type: 'function', name: 'exec_command' }];
    const r = await post(
      `${server.url}/v1/responses`,
      { model: 'g', stream: true, tools, input: [{ role: 'user' }] },
      { authorization: 'Bearer k2' },
    );
    const ev = events(r.text);
    expect(ev.map((e) => e['type'])).to.deep.equal([
      'response.created',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(ev[3]).to.have.nested.property('item.name', 'exec_command');
    expect(ev[4]).to.have.nested.property('response.usage.input_tokens', 11);
    const second = await post(`${server.url}/v1/responses`, {
      model: 'g',
      tools,
      input: [{ role: 'user' }, { type: 'function_call' }, { type: 'function_call_output' }],
    });
    expect(second.status).to.equal(400);
    expect(server.requests.map((q) => [q.step, q.apiKey])).to.deep.equal([
      [0, 'k2'],
      [1, ''],
    ]);
  });

  it('gemini: streamGenerateContent with run_shell_command; generateContent helpers get schema-shaped JSON', async () => {
    const tools = [{ functionDeclarations: [{ name: 'run_shell_command' }] }];
    const r = await post(
      `${server.url}/v1beta/models/gm:streamGenerateContent?alt=sse`,
      { contents: [{ role: 'user' }], tools },
      { 'x-goog-api-key': 'k3' },
    );
    const [chunk] = events(r.text);
    expect(chunk).to.have.nested.property(
      'candidates[0].content.parts[0].functionCall.name',
      'run_shell_command',
    );
    expect(chunk).to.have.nested.property('usageMetadata.promptTokenCount', 11);
    const side = await post(`${server.url}/v1beta/models/gm:generateContent`, {
      contents: [{ role: 'user' }],
      generationConfig: { responseJsonSchema: { properties: { next_speaker: {}, reasoning: {} } } },
    });
    const text = (
      JSON.parse(side.text) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }
    ).candidates[0]?.content.parts[0]?.text;
    expect(JSON.parse(text ?? '')).to.deep.equal({ next_speaker: 'user', reasoning: 'scripted' });
    expect(server.requests.map((q) => [q.api, q.model, q.scripted, q.apiKey])).to.deep.equal([
      ['gemini', 'gm', true, 'k3'],
      ['gemini', 'gm', false, ''],
    ]);
  });

  it('answers unknown routes with 404 and records them', async () => {
    const r = await post(`${server.url}/nowhere`, {});
    expect(r.status).to.equal(404);
    expect(server.requests[0]).to.deep.include({ api: 'other', path: '/nowhere' });
  });
});

import { expect } from 'chai';
import { buildPod } from '../../../functions/launch-pod/build-pod.js';
import { PodBuildError } from '../../../functions/launch-pod/build-error.js';
import {
  decidePromptDelivery,
  PROMPT_ARG_MAX_BYTES,
  PROMPT_FILE_MAX_BYTES,
  promptConfigMap,
} from '../../../functions/launch-pod/prompt-delivery.js';
import { env, envNames, IMAGES, main, makeTask } from './fixtures.js';
import { restrictedViolations } from './restricted-profile.js';

describe('prompt delivery: argument, ConfigMap file, or refused', () => {
  it('the limits: 128 KiB - 1 byte as one argument, 1 MiB less the key in a ConfigMap', () => {
    expect(PROMPT_ARG_MAX_BYTES).to.equal(131071);
    expect(PROMPT_FILE_MAX_BYTES).to.equal(1048570);
  });

  it('decides on UTF-8 bytes, not characters, at each boundary', () => {
    expect(decidePromptDelivery('t', 'a'.repeat(PROMPT_ARG_MAX_BYTES))).to.deep.equal({ kind: 'arg' });
    expect(decidePromptDelivery('t', 'a'.repeat(PROMPT_ARG_MAX_BYTES + 1))).to.deep.equal({
      kind: 'file',
      configMapName: 't-prompt',
    });
    // 65536 two-byte characters: 131072 bytes, one too many for an argument.
    expect(decidePromptDelivery('t', 'é'.repeat(65536)).kind).to.equal('file');
    expect(decidePromptDelivery('t', 'a'.repeat(PROMPT_FILE_MAX_BYTES)).kind).to.equal('file');
    const big = decidePromptDelivery('t', 'a'.repeat(PROMPT_FILE_MAX_BYTES + 1));
    expect(big).to.deep.equal({
      kind: 'too-large',
      message:
        'Prompt too large: the rendered prompt is 1048571 bytes; at most 1048570 can be delivered ' +
        'to the agent (a Kubernetes ConfigMap holds at most 1 MiB)',
    });
  });

  it('a short prompt stays args[0]: no volume, no KELOS_PROMPT_FILE (even from podOverrides)', () => {
    const task = makeTask({ podOverrides: { env: [{ name: 'KELOS_PROMPT_FILE', value: '/etc/passwd' }] } });
    const pod = buildPod({ task, prompt: 'Fix the bug', images: IMAGES });
    expect(main(pod).args).to.deep.equal(['Fix the bug']);
    expect(env(main(pod), 'KELOS_PROMPT_FILE')).to.equal(undefined);
    expect(pod.spec.volumes ?? []).to.deep.equal([]);
  });

  it('a prompt over 128 KiB: no args; the ConfigMap mounted read-only; KELOS_PROMPT_FILE first in the env', () => {
    const task = makeTask({ podOverrides: { env: [{ name: 'KELOS_PROMPT_FILE', value: '/elsewhere' }] } });
    const prompt = 'x'.repeat(200 * 1024);
    const pod = buildPod({ task, prompt, images: IMAGES });
    const c = main(pod);
    expect(c).to.not.have.property('args');
    expect(c.command).to.deep.equal(['/kelos_entrypoint.sh']);
    expect(envNames(c)[0]).to.equal('KELOS_PROMPT_FILE');
    expect(c.env?.filter((e) => e.name === 'KELOS_PROMPT_FILE')).to.deep.equal([
      { name: 'KELOS_PROMPT_FILE', value: '/kelos/prompt/prompt' },
    ]);
    expect(c.volumeMounts).to.deep.include({
      name: 'kelos-prompt',
      mountPath: '/kelos/prompt',
      readOnly: true,
    });
    expect(pod.spec.volumes).to.deep.include({
      name: 'kelos-prompt',
      configMap: { name: `${task.metadata.name}-prompt`, defaultMode: 0o444 },
    });
    expect(restrictedViolations(pod)).to.deep.equal([]);
  });

  it('the ConfigMap: named after the Task, owned by it, labelled, holding the prompt', () => {
    const task = makeTask();
    const cm = promptConfigMap(task, 'x-prompt', 'the prompt');
    expect(cm.metadata.name).to.equal('x-prompt');
    expect(cm.metadata.namespace).to.equal(task.metadata.namespace);
    expect(cm.metadata.labels).to.deep.equal({ 'kelos.dev/task': task.metadata.name });
    expect(cm.metadata.ownerReferences?.[0]).to.include({
      kind: 'Task',
      uid: task.metadata.uid,
      controller: true,
    });
    expect(cm.data).to.deep.equal({ prompt: 'the prompt' });
  });

  it('buildPod refuses a prompt over 1 MiB with the same message', () => {
    expect(() =>
      buildPod({ task: makeTask(), prompt: 'a'.repeat(PROMPT_FILE_MAX_BYTES + 1), images: IMAGES }),
    )
      .to.throw(PodBuildError)
      .with.property('message')
      .that.match(/^Prompt too large: the rendered prompt is 1048571 bytes/);
  });
});

import { expect } from 'chai';
import { checkPod, checkTask, unsettled } from '../../storm/invariants.js';
import { addTo, emptyModel, type Model, type TaskView } from '../../storm/model.js';

function task(model: Model, t: Partial<TaskView> & { name: string }): TaskView {
  const view: TaskView = {
    uid: `uid-${t.name}`,
    dependsOn: [],
    phase: '',
    message: '',
    results: {},
    deleting: false,
    ...t,
  };
  model.tasks.set(view.uid, view);
  model.taskByName.set(view.name, view.uid);
  addTo(model.uidsByName, view.name, view.uid);
  if (view.spawner) addTo(model.createdBySpawner, view.spawner, view.uid);
  return view;
}

describe('storm invariants (pure)', () => {
  it('two Tasks holding one branch at once', () => {
    const m = emptyModel();
    task(m, { name: 'a', branchKey: 'ws:b0', phase: 'Running' });
    const b = task(m, { name: 'b', branchKey: 'ws:b0', phase: 'Pending' });
    expect(checkTask(m, undefined, b).map((v) => v.invariant)).to.deep.equal(['one-task-per-branch']);
    const c = task(m, { name: 'c', branchKey: 'ws:b1', phase: 'Pending' });
    expect(checkTask(m, undefined, c)).to.deep.equal([]);
  });

  it('more active Tasks than maxConcurrency, more created than maxTotalTasks', () => {
    const m = emptyModel();
    m.spawners.set('s', { name: 's', maxConcurrency: 1, maxTotalTasks: 2, suspend: false, createdAt: '' });
    task(m, { name: 's-1', spawner: 's', phase: 'Succeeded' });
    const two = task(m, { name: 's-2', spawner: 's', phase: 'Waiting' });
    expect(checkTask(m, undefined, two)).to.deep.equal([]);
    const three = task(m, { name: 's-3', spawner: 's', phase: '' });
    expect(checkTask(m, undefined, three).map((v) => v.invariant)).to.deep.equal([
      'max-concurrency',
      'max-total-tasks',
    ]);
  });

  it('a Task created twice for one item, unless the storm deleted it in between', () => {
    const m = emptyModel();
    const t = task(m, { name: 's-1' });
    addTo(m.uidsByName, 's-1', 'other-uid');
    expect(checkTask(m, undefined, t).map((v) => v.invariant)).to.deep.equal(['one-task-per-item']);
    m.deletedByStorm.set('s-1', 1);
    expect(checkTask(m, undefined, t)).to.deep.equal([]);
  });

  it('a final phase that changes; outputs that do not reach the Task; a dependency failure with the wrong message', () => {
    const m = emptyModel();
    const before = task(m, { name: 'a', phase: 'Succeeded', finalPhase: 'Succeeded' });
    expect(checkTask(m, before, { ...before, phase: 'Running' }).map((v) => v.invariant)).to.include(
      'final-phase-sticks',
    );

    const x = task(m, { name: 'x', phase: 'Succeeded', results: { branch: 'wrong' } });
    addTo(m.podsOfTask, x.uid, 'pod-x');
    m.finished.set('pod-x', { phase: 'Succeeded', results: { branch: 'out/x' } });
    expect(checkTask(m, undefined, x).map((v) => v.invariant)).to.deep.equal(['outputs-reach-task']);

    task(m, { name: 'd1', phase: 'Running' });
    task(m, { name: 'd2', phase: 'Failed' });
    const y = task(m, {
      name: 'y',
      dependsOn: ['d1', 'd2'],
      phase: 'Failed',
      message: 'Dependency "d2" failed',
    });
    expect(checkTask(m, undefined, y).map((v) => v.invariant)).to.deep.equal(['dependency-failure']);
    const z = task(m, { name: 'z', phase: 'Succeeded' });
    expect(checkTask(m, undefined, z).map((v) => v.invariant)).to.deep.equal(['succeeded-means-ran']);
  });

  it('a second Pod for one Task; a Pod before the dependencies succeeded', () => {
    const m = emptyModel();
    task(m, { name: 'dep', phase: 'Running' });
    const t = task(m, { name: 't', dependsOn: ['dep'] });
    addTo(m.podsOfTask, t.uid, 'p1');
    expect(checkPod(m, t.uid, 't').map((v) => v.invariant)).to.deep.equal(['runs-only-after-deps']);
    addTo(m.podsOfTask, t.uid, 'p2');
    expect(checkPod(m, t.uid, 't').map((v) => v.invariant)).to.deep.equal(['one-pod-per-task']);
  });

  it('only Tasks waiting for what will never come may rest unfinished', () => {
    const m = emptyModel();
    task(m, { name: 'done', phase: 'Succeeded' });
    task(m, { name: 'orphan', phase: 'Waiting', message: 'Waiting for dependency "gone" to be created' });
    task(m, { name: 'behind', phase: 'Waiting', message: 'Waiting for dependency "orphan"' });
    task(m, { name: 'queued', phase: 'Waiting', message: 'Waiting for branch "b0" (queued behind behind)' });
    task(m, { name: 'stuck', phase: 'Running' });
    task(m, { name: 'idle', phase: 'Waiting', message: 'Waiting for dependency "done"' });
    expect(unsettled(m).map((t) => t.name)).to.deep.equal(['stuck', 'idle']);
  });
});

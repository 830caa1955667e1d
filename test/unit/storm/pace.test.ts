import { expect } from 'chai';
import { addsWork, overloaded } from '../../storm/pace.js';
import { addTo, emptyModel, type Model, type TaskView } from '../../storm/model.js';

function task(model: Model, t: Partial<TaskView> & { name: string }): void {
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
}

describe('storm pace: back-pressure before steps that add work (pure)', () => {
  const limits = { unresolved: 2, open: 3, maxWaitMs: 1000 };

  it('only Task creations and issue deliveries wait', () => {
    expect(addsWork({ kind: 'task', name: 't0', dependsOn: [] })).to.equal(true);
    expect(addsWork({ kind: 'issue', spawner: 'hot', number: 1, delivery: 'd-1' })).to.equal(true);
    expect(addsWork({ kind: 'kubelet', pick: 1, roll: 2 })).to.equal(false);
    expect(addsWork({ kind: 'kill', fn: 'spawn', pick: 0 })).to.equal(false);
  });

  it('too many Tasks no function has looked at yet', () => {
    const m = emptyModel();
    task(m, { name: 'a' });
    task(m, { name: 'b' });
    expect(overloaded(m, limits)).to.equal(false);
    task(m, { name: 'c' });
    expect(overloaded(m, limits)).to.equal(true);
    // Deleting and finished Tasks do not count.
    m.tasks.get('uid-c')!.deleting = true;
    expect(overloaded(m, limits)).to.equal(false);
  });

  it('too many Tasks that can still move; those resting on a deleted dependency do not count', () => {
    const m = emptyModel();
    for (const name of ['a', 'b', 'c']) task(m, { name, phase: 'Running' });
    task(m, { name: 'd', phase: 'Succeeded' });
    expect(overloaded(m, limits)).to.equal(false);
    task(m, { name: 'e', phase: 'Waiting', message: 'Waiting for dependency "gone"', dependsOn: ['gone'] });
    expect(overloaded(m, limits)).to.equal(false);
    task(m, { name: 'f', phase: 'Pending' });
    expect(overloaded(m, limits)).to.equal(true);
  });
});

import { expect } from 'chai';
import { checkTask } from '../../storm/invariants.js';
import { addTo, emptyModel, type TaskView } from '../../storm/model.js';
import { compareResourceVersions, relistChanges } from '../../storm/relist.js';

const task = (name: string, rv: string, phase: string, uid = `uid-${name}`) => ({
  metadata: { name, uid, resourceVersion: rv },
  spec: { branch: 'b2', workspaceRef: { name: 'ws' } },
  status: { phase },
});

function view(obj: ReturnType<typeof task>): TaskView {
  return {
    uid: obj.metadata.uid,
    name: obj.metadata.name,
    dependsOn: [],
    phase: obj.status.phase as TaskView['phase'],
    message: '',
    results: {},
    deleting: false,
    branchKey: 'ws:b2',
  };
}

describe('storm observer: a relist is applied in the order things happened (pure)', () => {
  it('adds and updates go oldest resourceVersion first, whatever the list order (by name)', () => {
    const known = new Map([
      ['uid-t27', { rv: '90', obj: task('t27', '90', 'Waiting') }],
      ['uid-t30', { rv: '95', obj: task('t30', '95', 'Running') }],
    ]);
    // The list answers in name order: t27 (took the branch at 120) before t30 (released it at 110).
    const items = [task('t27', '120', 'Pending'), task('t30', '110', 'Succeeded'), task('t05', '100', '')];
    const order = relistChanges(known, items).map((c) => `${c.verb} ${c.obj.metadata.name}`);
    expect(order).to.deep.equal(['add t05', 'update t30', 'update t27']);
  });

  it('deletions come first, and objects whose resourceVersion did not change are left out', () => {
    const known = new Map([
      ['uid-a', { rv: '5', obj: task('a', '5', 'Running') }],
      ['uid-b', { rv: '7', obj: task('b', '7', 'Waiting') }],
    ]);
    const changes = relistChanges(known, [task('b', '7', 'Waiting'), task('c', '9', '')]);
    expect(changes.map((c) => `${c.verb} ${c.obj.metadata.name}`)).to.deep.equal(['delete a', 'add c']);
  });

  it('compares resourceVersions as numbers, beyond 2^53 too', () => {
    expect(compareResourceVersions('99', '100')).to.equal(-1);
    expect(compareResourceVersions('9007199254740993', '9007199254740992')).to.equal(1);
    expect(compareResourceVersions('42', '42')).to.equal(0);
  });

  it('the branch invariant sees no overlap when the relist is applied in this order (it would in name order)', () => {
    const m = emptyModel();
    const before = [task('t27', '90', 'Waiting'), task('t30', '95', 'Running')];
    for (const t of before) {
      const v = view(t);
      m.tasks.set(v.uid, v);
      m.taskByName.set(v.name, v.uid);
      addTo(m.uidsByName, v.name, v.uid);
    }
    const found: string[] = [];
    const changes = relistChanges(
      new Map(before.map((t) => [t.metadata.uid, { rv: t.metadata.resourceVersion, obj: t }])),
      [task('t27', '120', 'Pending'), task('t30', '110', 'Succeeded')],
    );
    for (const c of changes) {
      const now = view(c.obj);
      const was = m.tasks.get(now.uid);
      m.tasks.set(now.uid, now);
      found.push(
        ...checkTask(m, was, now)
          .map((v) => v.invariant)
          .filter((i) => i === 'one-task-per-branch'),
      );
    }
    expect(found).to.deep.equal([]);
  });
});

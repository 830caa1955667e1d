import { expect } from 'chai';
import { labelPriorityIndex, sortByLabelPriority } from '../../../functions/spawn/decide/priority.js';

const it_ = (id: string, labels: string[]) => ({ id, labels });
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('spawner priority sort (KELOS-BEHAVIOUR §8.8 source_test)', () => {
  const prio = ['priority/critical', 'priority/high', 'priority/low'];
  it('BasicOrdering', () => {
    const items = [it_('1', ['priority/low']), it_('2', ['priority/critical']), it_('3', ['priority/high'])];
    expect(ids(sortByLabelPriority(items, prio))).to.deep.equal(['2', '3', '1']);
  });
  it('NoMatchingLabelsGoLast', () => {
    const items = [it_('1', ['bug']), it_('2', ['priority/high']), it_('3', [])];
    expect(ids(sortByLabelPriority(items, prio))).to.deep.equal(['2', '1', '3']);
  });
  it('StableSort', () => {
    const items = [
      it_('1', ['priority/high']),
      it_('2', ['priority/high']),
      it_('3', ['x']),
      it_('4', ['priority/high']),
    ];
    expect(ids(sortByLabelPriority(items, prio))).to.deep.equal(['1', '2', '4', '3']);
  });
  it('EmptyPriorityLabels: unchanged', () => {
    const items = [it_('2', ['priority/low']), it_('1', ['priority/critical'])];
    expect(ids(sortByLabelPriority(items, []))).to.deep.equal(['2', '1']);
    expect(ids(sortByLabelPriority(items, undefined))).to.deep.equal(['2', '1']);
  });
  it('EmptyItems', () => expect(sortByLabelPriority([], prio)).to.deep.equal([]));
  it('MultipleLabelsUseBestMatch', () => {
    const items = [it_('1', ['priority/low', 'priority/critical']), it_('2', ['priority/high'])];
    expect(ids(sortByLabelPriority(items, prio))).to.deep.equal(['1', '2']);
  });
  it('IssueScenario', () => {
    const items = [
      it_('10', ['bug']),
      it_('11', ['priority/low', 'bug']),
      it_('12', ['priority/critical']),
      it_('13', ['priority/high', 'feature']),
    ];
    expect(ids(sortByLabelPriority(items, prio))).to.deep.equal(['12', '13', '11', '10']);
  });
  it('LabelPriorityIndex', () => {
    expect(labelPriorityIndex(['priority/high'], prio)).to.equal(1);
    expect(labelPriorityIndex(['none'], prio)).to.equal(3);
    expect(labelPriorityIndex([], prio)).to.equal(3);
    expect(labelPriorityIndex(['priority/low', 'priority/critical'], prio)).to.equal(0);
  });
});

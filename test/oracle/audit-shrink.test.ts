/**
 * The audit's shrinker with kernels that are functions: the patched
 * "kernel" refuses `state B online_movable` for a block it was told to
 * offline earlier; the shrinker must keep exactly the steps that make the
 * two differ, confirm the result, and say so when a difference does not come
 * back (a nondeterministic one).
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../model/step.ts';
import { parseScenario } from '../../scenario/index.ts';
import { itemSource, type AuditItem } from '../../oracle/audit/items.ts';
import { shrinkKind, type PairRunner } from '../../oracle/audit/shrink.ts';
import type { GuestState } from '../../oracle/guest-state.ts';
import type { RecordLike } from '../../oracle/record.ts';

const BOOT: GuestState = { blocks: {}, zones: {} };

/** A kernel as a function of the steps so far: the answer to the last one. */
type FakeKernel = (before: readonly Step[], step: Step) => string;

function runner(kernel: FakeKernel, item: AuditItem): RecordLike {
  const source = itemSource(item);
  const parsed = parseScenario(source, item.name);
  return {
    scenario: item.name,
    source,
    initial: BOOT,
    steps: parsed.steps.map((s, i) => ({ line: s.line, text: `step ${i + 1}`, answer: kernel(item.steps.slice(0, i), s.step), ms: 1 })),
  };
}

const base: FakeKernel = () => 'ok';
// refuses online_movable of a block that an earlier `state B offline` named
const patched: FakeKernel = (before, step) =>
  step.op === 'state' && step.word === 'online_movable' && before.some((b) => b.op === 'state' && b.word === 'offline' && b.block === step.block) ? '-EINVAL' : 'ok';

const steps = (text: string): Step[] => parseScenario(text, 't').steps.map((s) => s.step);

function pair(k1: FakeKernel, k2: FakeKernel, counter: { runs: number }): PairRunner {
  return {
    run: async (item) => {
      counter.runs++;
      return [runner(k1, item), runner(k2, item)] as const;
    },
  };
}

const ITEM: AuditItem = {
  name: 'seq',
  origin: 'hand',
  config: [],
  steps: steps('state 40 online\nstate 33 offline\nvalid_zones 33\nstate 34 offline\nzone Normal\nonline 35 1\nstate 33 online_movable\nstate 36 offline\nzone Movable\n'),
};

describe('audit shrink on function kernels', () => {
  it('keeps only the two steps that make the kernels differ, and confirms them', async () => {
    const counter = { runs: 0 };
    const r = await shrinkKind(ITEM, 7, 'state online_movable: ok → -EINVAL', pair(base, patched, counter), { budget: 40 });
    expect(r.item.steps).toEqual(steps('state 33 offline\nstate 33 online_movable\n'));
    expect(r.confirmed).toBe(true);
    expect(r.attempts).toBe(counter.runs);
    expect(r.attempts).toBeLessThanOrEqual(41);
  });

  it('stops at its budget of reruns and still confirms what it has', async () => {
    const counter = { runs: 0 };
    const r = await shrinkKind(ITEM, 7, 'state online_movable: ok → -EINVAL', pair(base, patched, counter), { budget: 2 });
    expect(counter.runs).toBe(3);
    expect(r.item.steps.length).toBeLessThan(ITEM.steps.length);
    expect(r.item.steps.length).toBeGreaterThan(2);
    expect(r.confirmed).toBe(true);
  });

  it('says NOT confirmed when the difference does not come back (a kernel that changes its mind)', async () => {
    let calls = 0;
    // differs only on its first run: nondeterministic
    const flaky: FakeKernel = (_before, step) => (step.op === 'state' && step.word === 'online_movable' && calls++ === 0 ? '-EBUSY' : 'ok');
    const counter = { runs: 0 };
    const r = await shrinkKind(ITEM, 7, 'state online_movable: ok → -EBUSY', pair(base, flaky, counter), { budget: 10 });
    expect(r.confirmed).toBe(false);
    // the one run that differed was the first candidate (the steps up to the difference); nothing after it did
    expect(r.item.steps).toEqual(ITEM.steps.slice(0, 7));
  });
});

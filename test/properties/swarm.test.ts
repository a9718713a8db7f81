/**
 * Swarm testing and the generation counts: the subset of operations is drawn
 * from the seed (same seed, same runs), disabled operations are skipped by
 * their precondition and counted, eject_memory is generated, and a swarm
 * failure replays from its path. Plus: a command's text never depends on the
 * state it met (fast-check issues #367 and #2864).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lockstep } from '../../engine/lockstep.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb } from '../../properties/arbitraries.ts';
import { DIFFERENTIAL } from '../../properties/catalogue.ts';
import { runProperty } from '../../properties/run-property.ts';
import { StepCommand } from '../../properties/step-command.ts';
import { World } from '../../properties/world.ts';
import { counterexampleText } from '../../reports/counterexample.ts';

const v55 = findProfile('v5.5')!;
const base = { profile: v55, property: DIFFERENTIAL, seed: 11, numRuns: 30, maxSteps: 60 };

describe('swarm testing', () => {
  const a = runProperty({ ...base, swarm: true });

  it('draws the subset from the seed: the same seed gives the same runs', () => {
    const b = runProperty({ ...base, swarm: true });
    expect(b.swarm).toEqual(a.swarm);
    expect(b.commands).toEqual(a.commands);
    expect(b.stats).toEqual(a.stats);
  });

  it('turns operations off per run, eject_memory included, and counts what it skipped', () => {
    expect(a.status).toBe('passed');
    const swarm = a.swarm!;
    expect(Object.keys(swarm)).toContain('eject_memory');
    // Each operation is on in some runs and off in others.
    for (const [op, n] of Object.entries(swarm)) {
      expect(n, op).toBeGreaterThan(0);
      expect(n, op).toBeLessThan(base.numRuns);
    }
    expect(a.stats.eject_memory, 'eject_memory never executed').toBeDefined();
    let skipped = 0;
    for (const [op, row] of Object.entries(a.commands)) {
      expect(row.generated, op).toBe((row.executed ?? 0) + (row.skipped ?? 0));
      skipped += row.skipped ?? 0;
    }
    expect(skipped).toBeGreaterThan(0);
  });

  it('without swarm nothing is skipped and eject_memory is not generated (plain seeds stay what they were)', () => {
    const plain = runProperty(base);
    expect(plain.swarm).toBeUndefined();
    expect(plain.commands.eject_memory).toBeUndefined();
    for (const [op, row] of Object.entries(plain.commands)) expect(row.skipped ?? 0, op).toBe(0);
  });

  it('a swarm failure re-runs from its seed, path and replayPath to the same counterexample', () => {
    const req = { ...base, seed: 3, numRuns: 50, maxSteps: 120, swarm: true, bugs: new Set(['mask-last-subsection'] as const) };
    const found = runProperty(req);
    expect(found.status).toBe('failed');
    const again = runProperty({ ...req, path: found.path!, replayPath: found.replayPath! });
    expect(again.status).toBe('failed');
    expect(counterexampleText(again.counterexample!)).toBe(counterexampleText(found.counterexample!));
  });
});

describe('command text', () => {
  it('never depends on the state a command met', () => {
    const samples = fc.sample(fc.tuple(machineSpecArb, fc.array(fc.oneof(...intentArbs), { minLength: 20, maxLength: 40 })), { seed: 5, numRuns: 10 });
    for (const [spec, intents] of samples) {
      const cmds = intents.map((i) => new StepCommand(i));
      const before = cmds.map(String);
      const world = new World(new Lockstep({ profile: v55, ...spec }, ['optimized'], { differential: false, invariants: [] }), undefined);
      for (const c of cmds) if (c.check(world)) c.run(world);
      expect(cmds.map(String)).toEqual(before);
      // The same intents met on another machine print the same.
      expect(intents.map((i) => String(new StepCommand(i)))).toEqual(before);
    }
  });
});

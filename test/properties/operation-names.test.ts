/**
 * One name per operation: every generation entry is named after the step it
 * draws (model/step.ts, as a scenario file spells it), an intent's kind is the
 * op of the step it resolves to, and swarm's operationOf() names the entry an
 * intent came from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lockstep } from '../../engine/lockstep.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { allOperations, machineSpecArb } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';
import { operationOf, swarmOperations } from '../../properties/swarm.ts';
import { QUERIES } from '../../model/step.ts';
import { STEP_WORDS } from '../../scenario/keywords.ts';

const v61 = findProfile('v6.1')!;
const entries = swarmOperations(allOperations, false);
// scenario files spell a query by its name; the step's op for all five is `query`
const stepNames = new Set([...STEP_WORDS.filter((w) => !(QUERIES as readonly string[]).includes(w)), 'query']);

describe('generation entries', () => {
  it('are the ones the summary and report.json count, in generation order', () => {
    expect(entries.map((e) => e.op)).toEqual([
      'add_pages',
      'remove_pages',
      'query',
      'fail',
      'add_memory',
      'memremap_pages',
      'remove_memory',
      'memunmap_pages',
      'state',
      'online',
      'pin/unpin',
      'poison',
      'veto',
      'valid_zones/block',
      'zone',
      'node',
      'eject_memory',
      'fail:memory_block',
      'add_memory:dynamic',
      'query:device',
    ]);
  });

  // add_memory_driver_managed is not drawn yet: a swarm entry for it changes the default run's swarm
  // stream and with it every pinned detection figure (docs/bug-detection.json, the default-run tests),
  // which must be re-pinned together; until then it is held by scenarios, unit tests and the oracle.
  // virtio_mem_resize needs a machine with a `config virtio_mem` device, which machineSpecArb does not
  // make yet: it is held by test/model/virtio-mem.test.ts and scenarios/bugs/virtio-mem-*.scn only
  it('draw every step but dump, add_memory_driver_managed and virtio_mem_resize (a step no entry draws is never tested by the properties)', () => {
    const drawn = new Set(entries.flatMap((e) => (e.op.split(':')[0] ?? '').split('/')));
    expect([...stepNames].filter((n) => !drawn.has(n))).toEqual(['dump', 'add_memory_driver_managed', 'virtio_mem_resize']);
  });

  it.each(entries.map((e) => [e.op, e] as const))('%s: named after its steps; its intents resolve to a step of their kind and come back to it', (_, entry) => {
    const [steps = '', variant] = entry.op.split(':');
    const names = steps.split('/');
    for (const n of names) expect(stepNames.has(n), n).toBe(true);
    expect(variant === undefined || /^[a-z_]+$/.test(variant)).toBe(true);
    const samples = fc.sample(fc.tuple(machineSpecArb, entry.arbitrary), { seed: 23, numRuns: 10 });
    for (const [spec, intent] of samples) {
      expect(names).toContain(intent.kind);
      expect(operationOf(intent)).toBe(entry.op);
      const obs = new Lockstep({ profile: v61, ...spec }, ['reference'], { differential: false, invariants: [] }).observations()[0]!;
      expect(resolveIntent({ profile: v61, ...spec }, obs, intent).op).toBe(intent.kind);
    }
  });
});

/**
 * The optimized virtio-mem driver (model/optimized/memory/virtio-mem.ts: one
 * state byte per device block with a count per state, a sub-block bitmap,
 * next_mb_id, the plug and unplug requests walking the state lists) against
 * the reference's plain one (model/reference/memory/virtio-mem.ts), on
 * generated sequences that reach the driver's corners: resizes on and off
 * the sub-block grid, device blocks onlined to either zone and offlined
 * behind the driver's back, pinned pages that make an online unplug fail,
 * a vetoed offline that keeps an emptied block, failed allocations under
 * the driver's adds,
 * auto-online on and off, memmap_on_memory, for every profile with the driver. After every
 * step both give the same answer and the same observation. (No invariants:
 * a pin here may land on a page of an unplugged sub-block, which the kernel
 * never hands out, so a block it holds may stay added with nothing plugged.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../../../engine/machine.ts';
import { Lockstep } from '../../../../engine/lockstep.ts';
import { PROFILES } from '../../../../model/profiles/index.ts';
import { ALLOC_POINTS, NOTIFIER_EVENTS, type Step } from '../../../../model/step.ts';
import { parseScenario } from '../../../../scenario/index.ts';

const M = 1024 * 1024;
const DEVICE_START = 0x100000000;
const BLOCK = 128 * M;
const WITH_DRIVER = PROFILES.filter((p) => p.modern.virtioMemSubBlock.value !== 'none');
const hasMemmapOnMemory = (name: string): boolean => PROFILES.find((p) => p.name === name)?.modern.memmapOnMemory.value !== 'none';

const headerArb = fc.record({
  profile: fc.constantFrom(...WITH_DRIVER.map((p) => p.name)),
  // device blocks of 1M put requests off the 2M/4M sub-block grid
  deviceBlock: fc.constantFrom(1 * M, 2 * M, 4 * M),
  // past 8 blocks of 128M, offline device memory can pass the 1G offline threshold
  blocks: fc.integer({ min: 2, max: 12 }),
  autoOnline: fc.constantFrom('offline', 'online', 'online_movable', 'online_kernel'),
  autoMovable: fc.boolean(),
  memmapOnMemory: fc.boolean(),
});

type Header = typeof headerArb extends fc.Arbitrary<infer H> ? H : never;

function scenarioHeader(h: Header): string {
  const policy = h.autoMovable ? 'config online_policy auto-movable\nconfig auto_movable_ratio 100\n' : '';
  // the driver never asks for a self-hosted memmap: a memmap_on_memory kernel must not give it one
  const memmap = h.memmapOnMemory && hasMemmapOnMemory(h.profile) ? 'config memmap_on_memory Y\n' : '';
  return (
    `profile ${h.profile}\nconfig auto_online_blocks ${h.autoOnline}\n${policy}${memmap}` +
    `config virtio_mem ${DEVICE_START} ${h.blocks * BLOCK} block=${h.deviceBlock}\n` +
    'boot 0x1000 0x9e000\nboot 0x100000 0x3fee0000\n'
  );
}

/** A step on the device: a resize, a sysfs write to one of its blocks, a pin or unpin of one of its pages. */
const stepArb = (h: Header): fc.Arbitrary<Step> => {
  const firstBlock = DEVICE_START / BLOCK;
  const block = fc.integer({ min: firstBlock, max: firstBlock + h.blocks - 1 });
  const addr = fc.integer({ min: 0, max: (h.blocks * BLOCK) / (4096 * 64) - 1 }).map((i) => DEVICE_START + i * 4096 * 64);
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: (h.blocks * BLOCK) / h.deviceBlock }).map((n): Step => ({ op: 'virtio_mem_resize', size: n * h.deviceBlock })) },
    { weight: 3, arbitrary: fc.tuple(block, fc.constantFrom('online', 'offline', 'online_movable', 'online_kernel')).map(([b, word]): Step => ({ op: 'state', block: b, word })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom<'pin' | 'unpin'>('pin', 'unpin'), addr).map(([op, a]): Step => ({ op, addr: a })) },
    { weight: 1, arbitrary: fc.constantFrom(...NOTIFIER_EVENTS).map((event): Step => ({ op: 'veto', event, errno: 'EBUSY' })) },
    { weight: 1, arbitrary: fc.constantFrom(...ALLOC_POINTS).map((alloc): Step => ({ op: 'fail', alloc, errno: 'ENOMEM' })) },
  );
};

describe('optimized virtio-mem driver against the reference', () => {
  it('has profiles with the driver to run on', () => {
    expect(WITH_DRIVER.length).toBeGreaterThan(0);
  });

  it('gives the same answers and observations after every step', () => {
    let resizesThatMoved = 0;
    fc.assert(
      fc.property(
        headerArb.chain((h) => fc.tuple(fc.constant(h), fc.array(stepArb(h), { minLength: 1, maxLength: 40 }))),
        ([h, steps]) => {
          const setup = machineFor(parseScenario(`${scenarioHeader(h)}dump\n`));
          const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: true, invariants: [] });
          let plugged = lock.observations()[0]!.virtioMem?.plugged;
          for (const step of steps) {
            const r = lock.apply(step);
            expect(r.violations.map((v) => `${v.check}: ${v.message}`), `${step.op} after ${scenarioHeader(h)}`).toEqual([]);
            const now = r.observation.virtioMem?.plugged;
            if (step.op === 'virtio_mem_resize' && now !== plugged) resizesThatMoved++;
            plugged = now;
          }
          expect(lock.finish()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
    // the runs plugged and unplugged memory, not only refused to
    expect(resizesThatMoved).toBeGreaterThan(100);
  });
});

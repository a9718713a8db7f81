/**
 * KernelMachine.play() without QEMU: a fake guest shell answers a batch
 * (oracle/guest-batch.ts markers) and the answers land on the right steps;
 * a guest that dies mid-batch is reported at the first step it did not
 * finish, with the answers of the steps before it.
 */
import { describe, expect, it } from 'vitest';
import { GuestDied, KernelMachine, type StepOutcome } from '../../oracle/kernel-machine.ts';
import type { Step } from '../../model/step.ts';
import type { GuestState } from '../../oracle/guest-state.ts';

interface FakeGuest {
  alive: boolean;
  commands: string[];
}

/** A machine whose guest shell prints `reply(command)`; `cut` ends the reply there as a guest that died would. */
function machine(reply: (command: string) => string, cut?: string): { km: KernelMachine; guest: FakeGuest } {
  const guest: FakeGuest = { alive: true, commands: [] };
  const shell = {
    runPartial: async (command: string) => {
      guest.commands.push(command);
      const out = reply(command);
      if (cut === undefined) return { output: out, status: 0, complete: true };
      guest.alive = false;
      return { output: out.slice(0, out.indexOf(cut)), status: -1, complete: false, why: 'guest closed its serial port' };
    },
  };
  const vm = { shell, consoleTail: () => '    [  1.0] Kernel panic', get alive() { return guest.alive; } };
  // dax kmem's view of the state (oracle/dax-kmem.ts): marks what it was given, so a test sees every state pass through it
  const kmem = { hideDevdaxClaims: (st: GuestState): GuestState => ({ ...st, iomem: [...(st.iomem ?? []), 'seen by kmem'] }) };
  const km = Object.assign(Object.create(KernelMachine.prototype) as KernelMachine, { vm, kmem, virtioMem: undefined });
  return { km, guest };
}

const STATE = 'B 5 online 00000005 Normal Movable\nNode 0, zone   Normal\n        spanned  32768\n        present  32768\n        managed  32000\n';
/** What the guest prints for three steps: an ok write (with its state read), a refused write, a valid_zones read. */
const REPLY = [
  '@@STEP 0@@\nMEMHP-OK\n@@DONE 0 0 10.00 10.04@@\n@@STATE 0@@\n' + STATE + '@@END 0@@\n',
  '@@STEP 1@@\nsh: write error: Device or resource busy\n@@DONE 1 1 10.05 10.25@@\n@@STATE 1@@\n' + STATE + '@@END 1@@\n',
  '@@STEP 2@@\nNormal Movable\n@@DONE 2 0 10.30 10.31@@\n@@END 2@@\n',
].join('');

const steps: { step: Step; line: number }[] = [
  { step: { op: 'state', block: 5, word: 'online' }, line: 3 },
  { step: { op: 'state', block: 5, word: 'offline' }, line: 4 },
  { step: { op: 'valid_zones', block: 5 }, line: 6 },
];
const observe = (s: Step): boolean => s.op === 'state';

describe('KernelMachine.play: a batch of sysfs steps', () => {
  it('one round trip; each answer, time and state on its own step', async () => {
    const { km, guest } = machine(() => REPLY);
    const seen: number[] = [];
    const out = await km.play(steps, observe, (i) => seen.push(i));
    expect(guest.commands).toHaveLength(1);
    expect(out.map((o) => o.answer)).toEqual(['ok', '-EBUSY', 'Normal Movable']);
    expect(out.map((o) => o.ms)).toEqual([40, 200, 10]);
    expect(out[0]?.state?.blocks['5']).toEqual({ state: 'online', physIndex: 5, validZones: 'Normal Movable' });
    // a batched state read is the state a single step reads: dax kmem's claims are folded as state() folds them
    expect(out[0]?.state?.iomem).toEqual(['seen by kmem']);
    expect(out[2]?.state).toBeUndefined();
    expect(seen).toEqual([0, 1, 2]);
  });

  it('a guest that dies in step 2: step 1 answered, the failure names line 4', async () => {
    const { km } = machine(() => REPLY, '@@DONE 1 ');
    const seen: StepOutcome[] = [];
    const err = await km.play(steps, observe, (_, o) => seen.push(o)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuestDied);
    expect((err as GuestDied).index).toBe(1);
    expect((err as GuestDied).line).toBe(4);
    expect((err as Error).message).toMatch(/^guest died at line 4 \(state 5 offline\): guest closed its serial port:\n.*Kernel panic/);
    expect(seen.map((o) => o.answer)).toEqual(['ok']);
  });

  it('a guest that dies in the state read after step 1: step 1 is the one not finished', async () => {
    const { km } = machine(() => REPLY, 'spanned');
    const err = await km.play(steps, observe).catch((e: unknown) => e);
    expect((err as GuestDied).line).toBe(3);
  });
});

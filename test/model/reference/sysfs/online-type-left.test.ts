/**
 * A `state` write of an online type to a block that is already online fails
 * (-EINVAL), but state_store() stored the type in mem->online_type before
 * device_online() found nothing to do, and only memory_subsys_online()
 * clears it (fa2be40fe7c0). The next online that names no type — memoryN/online,
 * or an eject that puts its blocks back — uses it. Seen on Linux 6.12 in QEMU
 * (campaign seed 42, sequence 49; oracle/corpus/eject-online-type-left.scn).
 * Expected zones are the real kernels' answers, held for both implementations.
 */
import { describe, expect, it } from 'vitest';
import { IMPLEMENTATIONS } from '../../../../engine/implementations.ts';
import { machineFor } from '../../../../engine/machine.ts';
import type { ImplementationKind } from '../../../../model/implementation.ts';
import { parseScenario } from '../../../../scenario/index.ts';

const BOOT = 'boot 0x1000 0x9e000\nboot 0x100000 0x3fee0000\n';

/** Every step's answer, in order. */
function answers(kind: ImplementationKind, profile: string, text: string): string[] {
  const s = parseScenario(BOOT + text, 'online-type-left.scn');
  const m = IMPLEMENTATIONS[kind](machineFor(s, profile), new Set());
  return s.steps.map((st) => m.apply(st.step));
}

const PROFILES = ['v5.5', 'v5.10', 'v6.1', 'v6.12', 'v7.3'];

describe.each(['reference', 'optimized'] as const)('%s: the online type a refused state write leaves behind', (kind) => {
  it.each(PROFILES)('%s: memoryN/online uses it once, then the default again', (profile) => {
    const a = answers(
      kind,
      profile,
      ['add_memory 0x100000000 128M', 'state 32 online', 'state 32 online_movable', 'state 32 offline', 'online 32 1', 'block 32',
        'state 32 offline', 'online 32 1', 'block 32'].join('\n'),
    );
    // already online: -EINVAL; the next plain online is Movable, the one after it Normal (the default with no zone near)
    expect(a).toEqual(['ok', 'ok', '-EINVAL', 'ok', 'ok', 'online Movable', 'ok', 'ok', 'online Normal']);
  });

  it.each(PROFILES)('%s: a refused eject puts the block back with it', (profile) => {
    const a = answers(
      kind,
      profile,
      ['add_memory 0x1a0000000 384M', 'state 52 online_movable', 'state 53 online_kernel', 'state 54 online_movable',
        'state 54 online_movable', 'pin 0x1affff000', 'eject_memory 0x1a0000000 384M', 'block 52', 'block 53', 'block 54'].join('\n'),
    );
    // 52 had no type left: the default (Normal, next to Normal 53); 54 had online_movable left
    expect(a).toEqual(['ok', 'ok', 'ok', 'ok', '-EINVAL', 'ok', '-EBUSY', 'online Normal', 'online Normal', 'online Movable']);
  });

  it.each(PROFILES)('%s: a successful state write clears it', (profile) => {
    const a = answers(
      kind,
      profile,
      ['add_memory 0x100000000 128M', 'state 32 online', 'state 32 online_movable', 'state 32 offline', 'state 32 online_kernel',
        'state 32 offline', 'online 32 1', 'block 32'].join('\n'),
    );
    expect(a).toEqual(['ok', 'ok', '-EINVAL', 'ok', 'ok', 'ok', 'ok', 'online Normal']);
  });
});

/**
 * Swarm testing (Groce et al., as Hypothesis's swarm): each run draws which
 * kinds of operation it may generate, so that sequences which only arise when
 * some operations are absent (no removes, say, so memory piles up) get
 * explored. The subset is a fast-check value beside the commands, so seed
 * and path reproduce it; a command of a disabled operation fails its
 * precondition (fast-check skips it), which keeps fc.commands at the top
 * level where its replayPath works.
 */
import fc from 'fast-check';
import { blockFaultOperation, deviceQueryOperation, dynamicAddOperation, ejectOperation, type OperationArb } from './arbitraries.ts';
import type { Intent } from './intent.ts';

/** The generation entry (OperationArb.op) an intent comes from: its step's name but for the entries named in arbitraries.ts. */
export function operationOf(i: Intent): string {
  switch (i.kind) {
    case 'pin':
    case 'unpin':
      return 'pin/unpin';
    case 'valid_zones':
    case 'block':
      return 'valid_zones/block';
    case 'fail':
      return i.point === 'memory_block' ? 'fail:memory_block' : 'fail';
    case 'add_memory':
      return i.unitBlocks === undefined ? 'add_memory' : 'add_memory:dynamic';
    case 'query':
      return i.device === true ? 'query:device' : 'query';
    default:
      return i.kind;
  }
}

/** The operations a swarm run chooses from: the plain ones, and eject, block faults, virtio-mem adds and device queries unless the generation is sparse-only. */
export function swarmOperations(plain: readonly OperationArb[], sparse: boolean): readonly OperationArb[] {
  return sparse ? plain : [...plain, ejectOperation, blockFaultOperation, dynamicAddOperation, deviceQueryOperation];
}

/** Each operation on with probability ½; a run with none on gets all of them. */
export function swarmArb(ops: readonly OperationArb[]): fc.Arbitrary<readonly string[]> {
  return fc.tuple(...ops.map(() => fc.boolean())).map((on) => {
    const enabled = ops.filter((_, i) => on[i]).map((o) => o.op);
    return enabled.length > 0 ? enabled : ops.map((o) => o.op);
  });
}

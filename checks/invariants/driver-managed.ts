/**
 * add_memory_driver_managed() (7b7b27214bba, v5.8; docs/scenario-language.md):
 * memory a driver adds is System RAM under the driver's name. After an add
 * that answered ok, its range is exactly one "System RAM (kmem)" resource,
 * no plain "System RAM" overlaps it, and its memory blocks exist; a
 * remove_memory that answered ok over it leaves no resource there.
 */
import type { Observation } from '../../model/observation.ts';
import type { Invariant } from '../invariant.ts';

const KMEM = 'System RAM (kmem)';

function ramOver(o: Observation, start: number, end: number): Observation['resources'] {
  return o.resources.filter((r) => (r.kind === 'System RAM' || r.kind === KMEM) && r.start < end && start < r.end);
}

export const driverManagedResource: Invariant = {
  name: 'driver-managed-resource',
  describe: 'an ok add_memory_driver_managed leaves its range one "System RAM (kmem)" resource with its memory blocks present; an ok remove_memory over it leaves no RAM resource there',
  appliesTo: (setup) => setup.profile.modern.driverManaged.value === 'system-ram-kmem',
  ops: ['add_memory_driver_managed', 'remove_memory'],
  check({ setup, step, outcome, before, after }) {
    if (outcome !== 'ok') return undefined;
    if (step.op === 'add_memory_driver_managed') {
      const end = step.start + step.size;
      const ram = ramOver(after, step.start, end);
      const whole = ram.length === 1 && ram[0]?.kind === KMEM && ram[0].start === step.start && ram[0].end === end;
      if (!whole) return `after add_memory_driver_managed the range is ${ram.map((r) => `${r.kind} 0x${r.start.toString(16)}-0x${r.end.toString(16)}`).join(', ') || 'no RAM resource'}, not one ${KMEM}`;
      const bytesPerBlock = setup.geometry.pagesPerBlock * setup.geometry.pageSize;
      for (let id = step.start / bytesPerBlock; id < end / bytesPerBlock; id++) {
        if (!after.blocks.some((b) => b.id === id)) return `memory block ${id} of the driver-managed range is missing`;
      }
      return undefined;
    }
    if (step.op === 'remove_memory' && ramOver(before, step.start, step.start + step.size).some((r) => r.kind === KMEM)) {
      const left = ramOver(after, step.start, step.start + step.size);
      if (left.length > 0) return `remove_memory answered ok but ${left.map((r) => r.kind).join(', ')} is still there`;
    }
    return undefined;
  },
};

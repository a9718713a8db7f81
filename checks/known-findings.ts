/**
 * Which of a profile's known findings excuse a violation at this step. A
 * finding scoped with `when` excuses only in the state it names, so the
 * invariant stays checked everywhere else.
 */
import type { MachineSetup } from '../model/implementation.ts';
import { maskBits, type Observation } from '../model/observation.ts';
import type { KnownFinding } from '../model/profile.ts';
import { memmapAt } from './zone-view.ts';

/** An online section holds an active sub-section whose memmap is uninitialised (a bare add_pages into its hole). */
function bareSubsectionInOnlineSection(setup: MachineSetup, o: Observation): boolean {
  const g = setup.geometry;
  return o.sections.some(
    (s) => s.online && maskBits(s.subsectionMap).some((i) => memmapAt(o, s.nr * g.pagesPerSection + i * g.pagesPerSubsection) === 'uninit'),
  );
}

export function excuses(f: KnownFinding, check: string, setup: MachineSetup, before: Observation): boolean {
  if (f.invariant !== check) return false;
  if (f.when === undefined) return true;
  return bareSubsectionInOnlineSection(setup, before);
}

/** Which family of rules a machine follows, as the invariants need to know it. */
import type { MachineSetup } from '../../model/implementation.ts';

export const isSubsectionProfile = (s: MachineSetup): boolean => s.profile.sparse.hotplug.value === 'subsection';
export const isSectionProfile = (s: MachineSetup): boolean => s.profile.sparse.hotplug.value === 'section';
export const always = (): boolean => true;

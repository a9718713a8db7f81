/**
 * `--inject` a switch that cannot act on any chosen profile is refused: the
 * run would pass and say nothing about the switch (model/bug-reach.ts).
 */
import { UsageError } from '../base/usage-error.ts';
import { switchActsOn, switchNeeds } from '../model/bug-reach.ts';
import type { BugName } from '../model/bugs.ts';
import type { Profile } from '../model/profile.ts';
import { PROFILES } from '../model/profiles/index.ts';

export function refuseInertSwitches(bugs: ReadonlySet<BugName>, profiles: readonly Profile[]): void {
  for (const bug of bugs) {
    if (profiles.some((p) => switchActsOn(bug, p))) continue;
    const where = PROFILES.filter((p) => switchActsOn(bug, p)).map((p) => p.name);
    const chosen = profiles.map((p) => p.name).join(', ');
    throw new UsageError(
      `--inject ${bug} cannot act on ${chosen} (it needs ${switchNeeds(bug, profiles[0] ?? PROFILES[0]!)}): give --profile ${where.join(' or ')}`,
    );
  }
}

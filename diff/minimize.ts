/**
 * A second, concrete shrinking pass after fast-check's: fast-check shrinks
 * intents, which re-resolve against a changed state, so a step that only
 * moved the resolution elsewhere can survive. Here steps are dropped one at a
 * time (and boot memory, if the difference does not need it) while the
 * first difference stays at the last step with the same kind.
 */
import { DEFAULT_CONFIG, type Config } from '../model/config.ts';
import type { Profile } from '../model/profile.ts';
import type { Step } from '../model/step.ts';
import type { MachineSpec } from '../properties/arbitraries.ts';
import { DiffWorld, NewKind } from './world.ts';

/**
 * Runs concrete steps through both profiles; the world stops at the first
 * difference. A difference from boot on counts only when `boot` asks for it
 * (otherwise steps are judged by the differences they add).
 */
export function runPair(from: Profile, to: Profile, spec: MachineSpec, steps: readonly Step[], boot = false): DiffWorld {
  const world = new DiffWorld(from, to, spec);
  if (boot) {
    try {
      world.checkBoot();
    } catch (e) {
      if (!(e instanceof NewKind)) throw e;
      return world;
    }
  }
  for (const step of steps) {
    if (world.done) break;
    try {
      world.applyStep(step);
    } catch (e) {
      if (!(e instanceof NewKind)) throw e;
    }
  }
  return world;
}

export function isBootKind(kind: string): boolean {
  return kind.startsWith('boot: ');
}

function keepsKind(from: Profile, to: Profile, spec: MachineSpec, steps: readonly Step[], kind: string): boolean {
  const w = runPair(from, to, spec, steps, isBootKind(kind));
  return w.found === kind && w.steps.length === steps.length;
}

export function minimizeSteps(
  from: Profile,
  to: Profile,
  spec: MachineSpec,
  steps: readonly Step[],
  kind: string,
): { spec: MachineSpec; steps: Step[] } {
  let current = [...steps];
  let machine = spec;
  if (machine.boot.length > 0 && keepsKind(from, to, { ...machine, boot: [] }, current, kind)) machine = { ...machine, boot: [] };
  // Back to the default configuration, one switch at a time, where the difference does not need it.
  for (const key of Object.keys(DEFAULT_CONFIG) as Array<keyof Config>) {
    if (machine.config[key] === DEFAULT_CONFIG[key]) continue;
    const plain = { ...machine, config: { ...machine.config, [key]: DEFAULT_CONFIG[key] } };
    if (keepsKind(from, to, plain, current, kind)) machine = plain;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = current.length - 2; i >= 0; i--) {
      const shorter = current.filter((_, j) => j !== i);
      if (keepsKind(from, to, machine, shorter, kind)) {
        current = shorter;
        changed = true;
      }
    }
  }
  return { spec: machine, steps: current };
}

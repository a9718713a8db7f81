/**
 * Replays a saved failure (engine/failure-db.ts) under the property that
 * found it: the same checks on the same implementations with the same bug
 * switches. Its `->` expectations are the reference's answers when it was
 * saved, so they are not what decides: the property's checks are.
 */
import { Lockstep, type Violation } from '../engine/lockstep.ts';
import type { SavedFailure } from '../engine/failure-db.ts';
import { machineFor } from '../engine/machine.ts';
import type { PropertyDefinition } from './catalogue.ts';

export interface SavedReplay {
  readonly file: string;
  readonly profile: string;
  readonly property: string;
  readonly status: 'still-fails' | 'now-passes';
  /** 0-based step that failed, when it still fails. */
  readonly failingStep?: number;
  /** The checks that failed, or `crash: …`. */
  readonly checks: readonly string[];
}

export function replaySaved(saved: SavedFailure, property: PropertyDefinition): SavedReplay {
  const base = { file: saved.file, profile: saved.profile, property: saved.property };
  const lock = new Lockstep(machineFor(saved.parsed), property.kinds, property.checks, new Set(saved.bugs));
  const failed = (at: number, violations: readonly Violation[]): SavedReplay => ({
    ...base,
    status: 'still-fails',
    failingStep: at,
    checks: [...new Set(violations.map((v) => v.check))],
  });
  let at = 0;
  try {
    for (; at < saved.parsed.steps.length; at++) {
      const r = lock.apply(saved.parsed.steps[at]!.step);
      if (r.violations.length > 0) return failed(at, r.violations);
    }
    const end = lock.finish();
    if (end.length > 0) return failed(Math.max(0, at - 1), end);
  } catch (e) {
    return { ...base, status: 'still-fails', failingStep: at, checks: [`crash: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}`] };
  }
  return { ...base, status: 'now-passes', checks: [] };
}

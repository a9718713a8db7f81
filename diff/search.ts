/**
 * `memhp diff`: the same seeded random sequences through profile A and
 * profile B (reference implementation only). A run ends at the first step
 * whose answer or observable state differs; when that difference is of a
 * kind not found yet, fast-check shrinks the sequence to a minimal one of
 * some new kind. Searching goes on, with known kinds ignored, until a whole
 * search finds nothing new or the limit of kinds is reached.
 */
import fc from 'fast-check';
import type { MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Profile } from '../model/profile.ts';
import type { Step } from '../model/step.ts';
import { intentArbs, machineSpecArb, type MachineSpec } from '../properties/arbitraries.ts';
import { describeIntent, type Intent } from '../properties/intent.ts';
import { deriveSeed, seedName } from '../properties/seeds.ts';
import { StepStats, type StatsTable } from '../properties/stats.ts';
import { isBootKind, minimizeSteps, runPair } from './minimize.ts';
import { DiffWorld, NewKind } from './world.ts';

export interface DiffRequest {
  readonly from: Profile;
  readonly to: Profile;
  readonly seed: number;
  /** Runs per search. */
  readonly numRuns: number;
  readonly maxSteps: number;
  /** Stop after this many kinds. */
  readonly maxKinds: number;
  /** Called after each search (for progress on a terminal). */
  readonly onSearch?: (searches: number, kinds: number) => void;
}

/** One side of a distinguishing sequence: what a profile answered and showed. */
export interface DiffSide {
  readonly setup: MachineSetup;
  readonly initial: Observation;
  readonly answers: readonly Answer[];
  readonly observations: readonly Observation[];
}

export interface DiffFinding {
  readonly kind: string;
  readonly steps: readonly Step[];
  /** Index of the first step that differs (the last step); -1 when the profiles differ from boot on. */
  readonly at: number;
  readonly a: DiffSide;
  readonly b: DiffSide;
  /** The fast-check seed, path and replayPath of the shrunk case. */
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string;
}

export interface DiffResult {
  readonly from: string;
  readonly to: string;
  readonly findings: readonly DiffFinding[];
  readonly searches: number;
  readonly runs: number;
  /** Steps executed, by operation and profile A's answer. */
  readonly stats: StatsTable;
}

class DiffCommand implements fc.Command<DiffWorld, DiffWorld> {
  constructor(readonly intent: Intent) {}
  /** After the first difference the two states are apart: later steps compare nothing. */
  check(world: Readonly<DiffWorld>): boolean {
    return !world.done;
  }
  run(world: DiffWorld): void {
    world.apply(this.intent);
  }
  toString(): string {
    return describeIntent(this.intent);
  }
}

function commandsArb(maxSteps: number, replayPath?: string): fc.Arbitrary<Iterable<fc.Command<DiffWorld, DiffWorld>>> {
  return fc.commands([fc.oneof(...intentArbs).map((i) => new DiffCommand(i))], {
    maxCommands: maxSteps,
    size: 'max',
    ...(replayPath !== undefined ? { replayPath } : {}),
  });
}

/** Re-executes shrunk commands (as fc.modelRun does: skipping those whose check fails) to get the concrete steps. */
function rebuild(req: DiffRequest, spec: MachineSpec, cmds: Iterable<fc.Command<DiffWorld, DiffWorld>>, known: ReadonlySet<string>): DiffWorld {
  const world = new DiffWorld(req.from, req.to, spec, known);
  try {
    world.checkBoot();
  } catch (e) {
    if (e instanceof NewKind) return world;
    throw e;
  }
  for (const c of cmds) {
    if (!c.check(world)) continue;
    try {
      c.run(world, world);
    } catch (e) {
      if (e instanceof NewKind) break;
      throw e;
    }
  }
  return world;
}

function sideOf(world: DiffWorld, i: 0 | 1, initial: Observation): DiffSide {
  const lock = i === 0 ? world.a : world.b;
  return { setup: lock.setup, initial, answers: world.answers[i], observations: world.observations[i] };
}

/** Every kind of difference between two profiles, each with a shrunk sequence, in the order found. */
export function diffProfiles(req: DiffRequest): DiffResult {
  const known = new Set<string>();
  const findings: DiffFinding[] = [];
  const stats = new StepStats();
  let searches = 0;
  let runs = 0;
  while (findings.length < req.maxKinds) {
    const seed = deriveSeed(req.seed, `diff/${seedName(req.from)}/${seedName(req.to)}/${searches}`);
    searches++;
    const frozen = new Set(known);
    const prop = fc.property(machineSpecArb, commandsArb(req.maxSteps), (spec, cmds) => {
      const world = new DiffWorld(req.from, req.to, spec, frozen, stats);
      world.checkBoot();
      fc.modelRun(() => ({ model: world, real: world }), cmds);
    });
    const details = fc.check(prop, { seed, numRuns: req.numRuns });
    runs += details.numRuns;
    req.onSearch?.(searches, findings.length);
    if (!details.failed || details.counterexample === null) break;
    if (!(details.errorInstance instanceof NewKind)) {
      throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
    }
    const [spec, cmds] = details.counterexample;
    const replayPath = /replayPath="([^"]*)"/.exec(fc.stringify(cmds))?.[1] ?? '';
    const shrunk = rebuild(req, spec, cmds, frozen);
    if (shrunk.found === undefined) break;
    const kind = shrunk.found;
    const min = minimizeSteps(req.from, req.to, spec, shrunk.steps, kind);
    const world = runPair(req.from, req.to, min.spec, min.steps, isBootKind(kind));
    const fresh = new DiffWorld(req.from, req.to, min.spec);
    findings.push({
      kind,
      steps: world.steps,
      at: world.steps.length - 1,
      a: sideOf(world, 0, fresh.a.observations()[0]!),
      b: sideOf(world, 1, fresh.b.observations()[0]!),
      seed,
      path: details.counterexamplePath ?? '',
      replayPath,
    });
    known.add(kind);
  }
  return { from: req.from.name, to: req.to.name, findings, searches, runs, stats: stats.sorted() };
}

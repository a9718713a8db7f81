/**
 * Runs one property for one profile as a fast-check model-based run
 * (fc.commands), and on failure rebuilds the shrunk counterexample as
 * concrete steps that `memhp replay` can run.
 */
import fc from 'fast-check';
import { Lockstep, type StepResult, type Violation } from '../engine/lockstep.ts';
import type { BugName } from '../model/bugs.ts';
import type { MachineSetup } from '../model/implementation.ts';
import type { Profile } from '../model/profile.ts';
import type { Step } from '../model/step.ts';
import { allOperations, intentArbs, machineSpecArb, sparseIntentArbs, sparseOperations, type MachineSpec } from './arbitraries.ts';
import { swarmArb, swarmOperations } from './swarm.ts';
import { PrefixCache, type PrefixRun } from './prefix-cache.ts';
import type { PropertyDefinition } from './catalogue.ts';
import { type StatsTable, StepStats, sortTable } from './stats.ts';
import { StepCommand } from './step-command.ts';
import { CheckFailure, World } from './world.ts';
import { UsageError } from '../base/usage-error.ts';
import { excerpt } from '../base/error-line.ts';

export interface PropertyRequest {
  readonly profile: Profile;
  readonly property: PropertyDefinition;
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly bugs?: ReadonlySet<BugName>;
  /** fast-check `path` to replay one exact case. */
  readonly path?: string;
  /** fc.commands `replayPath` to replay which commands ran. */
  readonly replayPath?: string;
  /** false: report the first failing run as found, without shrinking it (benchmarks). */
  readonly shrink?: boolean;
  /** Swarm testing: each run generates only a random subset of the operations (properties/swarm.ts); also on when the property asks for it. */
  readonly swarm?: boolean;
  /** State-aware resolution of the generated intents (properties/state-aware.ts). */
  readonly stateAware?: boolean;
  /** false: every shrink candidate runs from boot, checked throughout (the benchmark's and the tests' comparison; properties/prefix-cache.ts). */
  readonly replayPrefixes?: boolean;
}

export interface Counterexample {
  readonly setup: MachineSetup;
  readonly steps: readonly Step[];
  readonly results: readonly StepResult[];
  /** Index of the step where the check failed. */
  readonly failingStep: number;
  readonly violations: readonly Violation[];
}

export interface PropertyResult {
  readonly profile: string;
  readonly property: string;
  readonly status: 'passed' | 'failed';
  readonly seed: number;
  readonly numRuns: number;
  readonly numShrinks: number;
  readonly path?: string;
  readonly replayPath?: string;
  readonly counterexample?: Counterexample;
  /** Thrown by something other than a check (a crash in an implementation). */
  readonly crash?: string;
  readonly stats: StatsTable;
  /** Steps that showed a known finding of the profile, by invariant: reported, not failures. */
  readonly findings: Readonly<Record<string, number>>;
  /** Runs (shrinking included) that reached each interesting state. */
  readonly reached: Readonly<Record<string, number>>;
  /** Generated commands by operation (shrinking included): generated, executed, skipped by precondition. */
  readonly commands: StatsTable;
  /** Swarm runs (shrinking included) that had each operation enabled; absent without swarm. */
  readonly swarm?: Readonly<Record<string, number>>;
}

function setupOf(profile: Profile, spec: MachineSpec): MachineSetup {
  return { profile, geometry: spec.geometry, config: spec.config, boot: spec.boot };
}

function newWorld(req: PropertyRequest, spec: MachineSpec, stats?: StepStats, enabled?: readonly string[], prefix?: PrefixRun, keepResults = false): World {
  const lock = new Lockstep(setupOf(req.profile, spec), req.property.kinds, req.property.checks, req.bugs);
  return new World(lock, stats, req.property.generation !== 'sparse', enabled === undefined ? undefined : new Set(enabled), prefix, req.stateAware === true, keepResults);
}

export function runProperty(req: PropertyRequest): PropertyResult {
  const stats = new StepStats();
  const sparse = req.property.generation === 'sparse';
  const swarm = req.swarm === true || req.property.swarm === true;
  const swarmOps = swarm ? swarmOperations(sparse ? sparseOperations : allOperations, sparse) : undefined;
  // Without swarm, the arbitraries are exactly what they always were: seeds pinned elsewhere stay valid.
  const arbs = swarmOps !== undefined ? swarmOps.map((o) => ({ weight: o.weight, arbitrary: o.arbitrary })) : sparse ? sparseIntentArbs : intentArbs;
  const commands = fc.commands([fc.oneof(...arbs).map((i) => new StepCommand(i))], {
    maxCommands: req.maxSteps,
    size: 'max',
    ...(req.replayPath !== undefined ? { replayPath: req.replayPath } : {}),
  });
  const enabledArb: fc.Arbitrary<readonly string[] | undefined> = swarmOps !== undefined ? swarmArb(swarmOps) : fc.constant(undefined);
  // Shrink candidates replay the part they share with the last failing run apply-only (properties/prefix-cache.ts).
  const prefixes = new PrefixCache();
  const prop = fc.property(machineSpecArb, enabledArb, commands, (spec, enabled, cmds) => {
    if (enabled !== undefined) stats.swarmRun(enabled);
    const prefix = req.replayPrefixes === false ? undefined : prefixes.start(JSON.stringify([spec, enabled ?? null]));
    const world = newWorld(req, spec, stats, enabled, prefix);
    try {
      fc.modelRun(() => ({ model: world, real: world }), cmds);
      world.finish();
    } catch (e) {
      if (prefix !== undefined) prefixes.failed(prefix);
      throw e;
    } finally {
      stats.reachedInRun(world.reached);
    }
  });
  const details = checkAt(req, prop);
  const base = {
    profile: req.profile.name,
    property: req.property.name,
    seed: req.seed,
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    stats: stats.sorted(),
    commands: sortTable(stats.commands),
    findings: Object.fromEntries(Object.entries(stats.findings).sort(([a], [b]) => a.localeCompare(b))),
    reached: Object.fromEntries(Object.entries(stats.reached).sort(([a], [b]) => a.localeCompare(b))),
    ...(swarm ? { swarm: Object.fromEntries(Object.entries(stats.swarm).sort(([a], [b]) => a.localeCompare(b))) } : {}),
  };
  if (!details.failed || details.counterexample === null) return { ...base, status: 'passed' };
  const [spec, enabled, cmds] = details.counterexample;
  const replayPath = /replayPath="([^"]*)"/.exec(fc.stringify(cmds))?.[1];
  const failure = details.errorInstance;
  const rebuilt = rebuild(req, spec, cmds, enabled);
  return {
    ...base,
    status: 'failed',
    ...(details.counterexamplePath !== null ? { path: details.counterexamplePath } : {}),
    ...(replayPath !== undefined ? { replayPath } : {}),
    ...(rebuilt !== undefined ? { counterexample: rebuilt } : {}),
    ...(failure instanceof CheckFailure ? {} : { crash: String(failure instanceof Error ? failure.message : failure) }),
  };
}

/**
 * fc.check, with a `path` that leads nowhere as bad input: fast-check
 * throws when the path names a value its shrinker never produces for this
 * seed, which means the path came from another run (seed, runs, steps or
 * profile × property differ).
 */
function checkAt<Ts>(req: PropertyRequest, prop: fc.IProperty<Ts>): fc.RunDetails<Ts> {
  const run = req.path === undefined ? 0 : Number(req.path.split(':')[0]);
  // The first number is the 0-based run that failed: past --runs, fast-check would replay nothing and pass.
  if (req.path !== undefined && !(run < req.numRuns)) {
    throw new UsageError(`--path ${excerpt(req.path)} starts at run ${req.path.split(':')[0] ?? ''}, but there are only ${req.numRuns} runs (--runs)`);
  }
  try {
    return fc.check(prop, {
      seed: req.seed,
      numRuns: req.numRuns,
      ...(req.path !== undefined ? { path: req.path } : {}),
      ...(req.shrink === false ? { endOnFailure: true } : {}),
    });
  } catch (e) {
    // fast-check checks a replayPath only as it decodes it: one too short for the case is its error, the input's fault.
    if (req.replayPath !== undefined && e instanceof Error && /replayPath/.test(e.message)) {
      throw new UsageError(`--replay-path ${excerpt(req.replayPath)} does not fit the case --path ${excerpt(req.path ?? '')} replays (${e.message.split('\n')[0] ?? ''})`);
    }
    if (req.path === undefined || !(e instanceof Error) || !e.message.startsWith('Unable to replay')) throw e;
    throw new UsageError(
      `--path ${excerpt(req.path)} does not lead to a case of ${req.profile.name} › ${req.property.name} with this seed, --runs and --steps (a path replays only in the run that printed it)`,
    );
  }
}

/** Re-executes the shrunk commands on fresh implementations to get the concrete steps. */
function rebuild(req: PropertyRequest, spec: MachineSpec, cmds: Iterable<fc.Command<World, World>>, enabled: readonly string[] | undefined): Counterexample | undefined {
  const world = newWorld(req, spec, undefined, enabled, undefined, true);
  const run = (c: fc.Command<World, World> | undefined): void => (c === undefined ? world.finish() : c.check(world) ? c.run(world, world) : undefined);
  for (const c of [...cmds, undefined]) {
    try {
      run(c);
    } catch (e) {
      if (!(e instanceof CheckFailure)) return undefined;
      return {
        setup: world.lock.setup,
        steps: world.steps,
        results: world.results,
        failingStep: e.stepIndex,
        violations: e.violations,
      };
    }
  }
  return undefined;
}


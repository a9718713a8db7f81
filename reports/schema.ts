/**
 * The report.json schema (zod): what `memhp run`, `replay`, `diff` and
 * `regressions` write, validated when written and when read back
 * (`memhp report check`). summary.md and report.html are rendered from a
 * validated document only, so the three files never disagree.
 */
import { z } from 'zod';
import { issueLine } from '../base/schema-issue.ts';

export const REPORT_SCHEMA_VERSION = 1;

const int = z.number().int();
const nat = int.nonnegative();
const hexMask = z.string().regex(/^0x[0-9a-f]+$/);

/**
 * model/observation.ts in its canonical JSON form (canonicalObservation()). Numbers are
 * whole but may be negative: a broken implementation (a bug switch, a patch profile)
 * can drive a counter below zero, and the report must carry what it observed.
 */
export const observationSchema = z.strictObject({
  roots: z.array(int),
  sections: z.array(
    z.strictObject({
      nr: int,
      nid: int,
      present: z.boolean(),
      hasMemMap: z.boolean(),
      online: z.boolean(),
      early: z.boolean(),
      usage: z.enum(['none', 'boot', 'hotplug']),
      subsectionMap: hexMask,
      memmapBoot: hexMask,
      memmapHotplug: hexMask,
      pfnValid: hexMask,
    }),
  ),
  blocks: z.array(
    z.strictObject({
      id: int,
      nid: int,
      state: z.enum(['online', 'offline']),
      zone: z.string(),
      validZones: z.string(),
      vmemmap: int.optional(),
      poisoned: int.optional(),
      onlineType: z.string().optional(),
      dynamicUnit: int.optional(),
    }),
  ),
  nodes: z.array(
    z.strictObject({
      nid: int,
      online: z.boolean(),
      startPfn: int,
      spanned: int,
      present: int,
      nrZones: int.optional(),
      zones: z.array(z.strictObject({ name: z.string(), startPfn: int, spanned: int, present: int, managed: int })),
    }),
  ),
  memmap: z.array(z.tuple([int, int, z.string()])),
  resources: z.array(z.tuple([int, int, z.string()])),
  pins: z.array(int),
  uninitReads: int,
  orderingHazards: int.optional(),
  usageRaces: int.optional(),
  vmemmapToBuddy: int.optional(),
  /** [basePfn, endPfn, pages] or [basePfn, endPfn, pages, "inaccessible"], as the canonical observation writes them. */
  altmaps: z.array(z.union([z.tuple([int, int, int]), z.tuple([int, int, int, z.literal('inaccessible')])])).optional(),
  /** [nid, zone, present_early_pages]. */
  earlyPages: z.array(z.tuple([int, z.string(), int])).optional(),
  /** [requested, plugged, sub-block bytes, "System RAM (virtio_mem)" ranges, per-block plug masks], as the canonical observation writes them. */
  virtioMem: z.tuple([int, int, int, z.array(z.string()), z.array(z.string())]).optional(),
});
export type ObservationJson = z.infer<typeof observationSchema>;

export const machineSchema = z.strictObject({
  /** The profile name as the scenario spells it (a patch profile's name for diff). */
  profile: z.string(),
  geometry: z.strictObject({
    name: z.string(),
    pageShift: nat,
    sectionShift: nat,
    subsectionShift: nat,
    blockShift: nat,
    /** Zone limits at boot (log2 bytes), absent where the architecture has none. */
    dmaLimitShift: nat.optional(),
    dma32LimitShift: nat.optional(),
  }),
  config: z.record(z.string(), z.string()),
  boot: z.array(z.strictObject({ start: nat, size: nat, nid: int })),
});
export type MachineJson = z.infer<typeof machineSchema>;

const violationSchema = z.strictObject({ check: z.string(), impl: z.string(), message: z.string() });

export const counterexampleSchema = z.strictObject({
  /** Unique in the report; also the scenario file name (counterexamples/<id>.scn). */
  id: z.string().regex(/^[A-Za-z0-9._+-]+$/),
  title: z.string(),
  file: z.string(),
  /** The scenario text, as written to `file`. */
  scenario: z.string(),
  machine: machineSchema,
  /** Names of the implementations or profiles whose answers each step shows, the first one's state drawn. */
  sides: z.array(z.string()).min(1),
  /** State after boot, before step 1. */
  initial: observationSchema,
  /** 1-based step where the check failed or the sides first differ. */
  failingStep: nat.nullable(),
  /** What the failing step broke, or how the sides differ. */
  violations: z.array(violationSchema),
  /** The observation field that differs first (e.g. `section 32 subsectionMap`), for highlighting. */
  divergence: z.string().optional(),
  steps: z.array(
    z.strictObject({
      step: z.string(),
      answers: z.record(z.string(), z.string()),
      expected: z.string().optional(),
      /**
       * The first side's state after the step. A replay of more than LONG_REPLAY_STEPS
       * (cli/replay.ts) keeps it only for the last steps up to the first failure (or the end).
       */
      observation: observationSchema.optional(),
      /** Other sides' states, only where they differ from `observation`. */
      others: z.record(z.string(), observationSchema).optional(),
    }),
  ),
  /** How to get this case again. */
  replay: z.strictObject({
    seed: int.optional(),
    path: z.string().optional(),
    replayPath: z.string().optional(),
    commands: z.array(z.string()),
  }),
});
export type CounterexampleJson = z.infer<typeof counterexampleSchema>;

const countsSchema = z.record(z.string(), z.record(z.string(), nat));

export const propertyEntrySchema = z.strictObject({
  profile: z.string(),
  property: z.string(),
  status: z.enum(['passed', 'failed']),
  propertySeed: int.optional(),
  numRuns: nat,
  numShrinks: nat,
  knownFindings: z.record(z.string(), nat),
  interestingStates: z.record(z.string(), nat),
  /** memhp run --swarm: runs that had each operation enabled. */
  swarmEnabled: z.record(z.string(), nat).optional(),
  path: z.string().optional(),
  replayPath: z.string().optional(),
  crash: z.string().optional(),
  /** Id of its entry in `counterexamples`. */
  counterexample: z.string().optional(),
});
export type PropertyEntryJson = z.infer<typeof propertyEntrySchema>;

export const differenceSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  kind: z.string(),
  steps: nat,
  /** Both profiles' answers at the distinguishing step. */
  answers: z.tuple([z.string(), z.string()]),
  counterexample: z.string(),
});
export type DifferenceJson = z.infer<typeof differenceSchema>;

export const reportSchema = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  command: z.enum(['run', 'replay', 'diff', 'regressions']),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  node: z.string(),
  fastCheck: z.string(),
  seed: int.nullable(),
  numRuns: nat.optional(),
  maxSteps: nat.optional(),
  bugs: z.array(z.string()),
  profiles: z.array(z.string()),
  /** `passed` when nothing failed (for diff: when no difference was found). */
  status: z.enum(['passed', 'failed']),
  /** A line for people: what was run, and the result. */
  headline: z.string(),
  properties: z.array(propertyEntrySchema),
  /** Steps executed, by command and answer. */
  counts: countsSchema,
  /** memhp run: commands by generated operation: generated, executed, skipped (by precondition). */
  generation: countsSchema.optional(),
  counterexamples: z.array(counterexampleSchema),
  /** memhp diff: one row per kind of difference and pair of profiles. */
  differences: z.array(differenceSchema).optional(),
  /** memhp diff: the pairs compared, with how much was searched. */
  pairs: z.array(z.strictObject({ from: z.string(), to: z.string(), searches: nat, runs: nat, kinds: nat })).optional(),
  /** memhp run: saved failures (engine/failure-db.ts) replayed before the seeded part; file names inside the failures directory. */
  savedFailures: z
    .array(
      z.strictObject({
        file: z.string(),
        profile: z.string(),
        property: z.string(),
        status: z.enum(['still-fails', 'now-passes']),
        /** 0-based index of the step that failed. */
        failingStep: nat.optional(),
        checks: z.array(z.string()),
      }),
    )
    .optional(),
  /** memhp replay: the scenario file. */
  file: z.string().optional(),
});
export type ReportJson = z.infer<typeof reportSchema>;

/** One line for an invalid document: the JSON path of the first issue and what is wrong. */
export function schemaErrorLine(error: z.ZodError): string {
  return error.issues[0] === undefined ? 'invalid report' : issueLine(error);
}

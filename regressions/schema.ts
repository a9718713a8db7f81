/**
 * The metadata of one regression entry (`regressions/<id>-<slug>/meta.json`),
 * validated on load so that a malformed entry is one clear line, not a
 * crash halfway through a run.
 */
import { z } from 'zod';

/** A kernel commit named by an entry, and whether its id was checked against published text. */
const commitRef = z.strictObject({
  /** Abbreviated id (12 hex digits), or null when no single commit exists (folded, not merged, unknown). */
  id: z.string().regex(/^[0-9a-f]{12}$/, 'a commit id is 12 lowercase hex digits').nullable(),
  title: z.string().min(1),
  /** true only when the id and title were read together in published commit or stable-queue text. */
  verified: z.boolean(),
  /** Where it was checked, or why it stays unverified. */
  note: z.string().min(1),
});

/** How the random property suite finds the bug from scratch. */
const fromScratch = z.strictObject({
  seed: z.number().int(),
  /** The run budget: fast-check runs allowed before the bug must be found. */
  runs: z.number().int().positive(),
  maxSteps: z.number().int().positive(),
  /** How many steps the shrunk counterexample may have beyond the pinned scenario's. */
  slack: z.number().int().nonnegative(),
  /** `sparse` for bugs only sparse-layer sequences reach (removing boot memory's sections). */
  generation: z.enum(['all', 'sparse']).optional(),
  /** Swarm generation (properties/swarm.ts), for operations only swarm runs draw (eject_memory, the memory_block fault). */
  swarm: z.boolean().optional(),
  /** How the seed was chosen and how many other seeds find it (written by hand, from a seed sweep). */
  note: z.string().min(1).optional(),
});

/** Where a bug lives in a historical profile that is modelled: running that profile shows it. */
const historical = z.strictObject({
  profile: z.string().min(1),
  /** `known-finding`: the profile's known finding fires for `check`; `expectation`: the step answers the pre-fix value. */
  shows: z.enum(['known-finding', 'expectation']),
  check: z.string().min(1).optional(),
  /** 1-based index of the scenario step where it shows. */
  step: z.number().int().positive(),
});

const common = {
  id: z.string().regex(/^B-[0-9]+$/, 'id is B-<number>'),
  title: z.string().min(1),
  fix: commitRef,
  /** The commit(s) the fix names in its Fixes: tag(s). */
  fixes: z.array(commitRef),
  /** Kernel release that first shipped the fix. */
  fixedIn: z.string().min(1),
  /** The profile (or range of releases) the bug lived in, as the catalogue names it. */
  livedIn: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
};

const executable = z.strictObject({
  ...common,
  status: z.literal('executable'),
  /** The fixed profile the pinned scenario replays on. */
  profile: z.string().min(1),
  /** The bug switch (model/bugs.ts) that brings the pre-fix behaviour back. */
  inject: z.string().min(1),
  /** The invariant, or `differential`, that catches it. */
  caughtBy: z.string().min(1),
  /** 1-based index of the scenario step where the check fails with the switch on. */
  caughtAtStep: z.number().int().positive(),
  fromScratch,
  historical: historical.optional(),
});

const pending = z.strictObject({
  ...common,
  status: z.literal('pending'),
  /** What the branch lacks before the entry can run (a profile, a step, a config). */
  pending: z.string().min(1),
  /** What the entry will need once executable. */
  profile: z.string().min(1),
  inject: z.string().min(1).optional(),
  caughtBy: z.string().min(1).optional(),
});

const notExpressible = z.strictObject({
  ...common,
  status: z.literal('not-expressible'),
  /** Why a sequential model cannot show it. */
  reason: z.string().min(1),
});

export const regressionMeta = z.discriminatedUnion('status', [executable, pending, notExpressible]);

export type RegressionMeta = z.infer<typeof regressionMeta>;
export type ExecutableMeta = z.infer<typeof executable>;
export type CommitRefMeta = z.infer<typeof commitRef>;

/**
 * `memhp diff --from A --to B` and `memhp diff --chain`: what changes
 * between two profiles (or a patch profile file and its base), as minimal
 * distinguishing sequences, one per kind of difference.
 */
import { join } from 'node:path';
import { diffReportJson } from '../diff/report.ts';
import { findingComment, findingScenario, sideNames } from '../diff/scenario.ts';
import { diffProfiles, type DiffResult } from '../diff/search.ts';
import { UsageError } from '../base/usage-error.ts';
import { resolveProfileOrPatch } from '../engine/patch-profile.ts';
import type { Profile } from '../model/profile.ts';
import { findProfile, PROFILES } from '../model/profiles/index.ts';
import { prepareReportDir, writeReport } from '../reports/write.ts';
import { stopNote, uninterruptible } from '../base/interruption.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';
import { progress } from './progress.ts';

export interface DiffOptions {
  readonly from?: string;
  readonly to?: string;
  readonly chain: boolean;
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly maxKinds: number;
  readonly out?: string;
}

function safeName(s: string): string {
  return s.replace(/^.*\//, '').replace(/\.profile\.json$|\.json$/, '').replace(/[^A-Za-z0-9._+-]+/g, '_');
}

export function diffCommand(opts: DiffOptions): number {
  let pairs: Array<[Profile, Profile]>;
  const args: Record<string, string> = {};
  if (opts.chain) {
    if (opts.from !== undefined || opts.to !== undefined) throw new UsageError('--chain walks every profile: give it without --from and --to');
    if (PROFILES.length < 2) throw new UsageError('--chain needs at least two profiles');
    // each profile against the one it derives from (model/profiles/derive.ts), in catalogue order
    pairs = PROFILES.flatMap((p): Array<[Profile, Profile]> => {
      const previous = p.derivedFrom === undefined ? undefined : findProfile(p.derivedFrom);
      return previous === undefined ? [] : [[previous, p]];
    });
  } else {
    if (opts.from === undefined || opts.to === undefined) throw new UsageError('give --from A --to B (profile names or patch profile files), or --chain');
    const a = resolveProfileOrPatch(opts.from);
    const b = resolveProfileOrPatch(opts.to);
    args[a.name] = opts.from;
    args[b.name] = opts.to;
    pairs = [[a, b]];
  }
  const dir =
    opts.out ?? join('reports', 'out', opts.chain ? `diff-chain-${opts.seed}` : `diff-${safeName(opts.from!)}-${safeName(opts.to!)}-${opts.seed}`);
  prepareReportDir(dir);
  const bar = progress();
  const results: DiffResult[] = [];
  const started = Date.now();
  for (const [i, [a, b]] of pairs.entries()) {
    // A chain takes minutes: say which pair is under way and what each found, with its time.
    const pair = `${pairs.length > 1 ? `pair ${i + 1}/${pairs.length} ` : ''}${a.name} → ${b.name}`;
    const t0 = Date.now();
    stopNote(`after ${results.length} of ${pairs.length} profile pair${pairs.length === 1 ? '' : 's'}; no report written`);
    bar.note(`memhp diff: ${pair} started`);
    const r = diffProfiles({
      from: a,
      to: b,
      seed: opts.seed,
      numRuns: opts.numRuns,
      maxSteps: opts.maxSteps,
      maxKinds: opts.maxKinds,
      onSearch: (n, kinds) => bar.update(`memhp diff: ${pair}: search ${n}, ${kinds} kind(s) so far, ${seconds(Date.now() - t0)}`),
    });
    results.push(r);
    bar.note(`memhp diff: ${pair} finished in ${seconds(Date.now() - t0)}: ${r.findings.length} kind(s) of difference${pairs.length > 1 ? ` (${seconds(Date.now() - started)} in all)` : ''}`);
  }
  bar.done();
  const doc = diffReportJson({ seed: opts.seed, numRuns: opts.numRuns, maxSteps: opts.maxSteps, results, args, chain: opts.chain, reportDir: dir });
  const report = uninterruptible(() => {
    const json = writeReport(dir, doc);
    stopNote(`after all ${pairs.length} profile pair${pairs.length === 1 ? '' : 's'}; report written to ${json}`);
    return json;
  });
  const out: string[] = [];
  for (const r of results) {
    const names = sideNames(r.from, r.to);
    out.push(`memhp diff ${r.from} → ${r.to}: ${r.findings.length === 0 ? 'no difference found' : `${r.findings.length} kind(s) of difference`} (${r.runs} runs in ${r.searches} search(es))`);
    if (opts.chain) {
      for (const f of r.findings) out.push(`  ${f.kind.padEnd(56)} ${String(f.steps.length).padStart(2)} step(s)   ${findingComment(f, names)}`);
      continue;
    }
    r.findings.forEach((f, i) => {
      out.push('', `  ${f.kind}:`, ...findingScenario(f, r.from, r.to, args).trimEnd().split('\n').map((l) => `    ${l}`));
      // one pair: the report's counterexamples are its findings in order; the command runs from where memhp ran
      const cx = doc.counterexamples[i];
      if (cx !== undefined) out.push(`  replay: npx memhp replay ${join(dir, cx.file)} --profile ${args[r.to] ?? r.to} --impl reference`);
    });
  }
  const n = doc.differences?.length ?? 0;
  out.push('', `report: ${report}`, `memhp diff: ${doc.headline}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return n === 0 ? EXIT_OK : EXIT_FAILED;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Short sequences find differences early; several searches keep going after the first kind. */
export const DIFF_DEFAULTS = { numRuns: 200, maxSteps: 30, maxKinds: 16 } as const;

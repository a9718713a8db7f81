/**
 * KTAP for the real-kernel commands: `memhp kernel` (one test point per
 * kernel × scenario) and `memhp kernel-campaign` (one per kernel × sequence),
 * the first disagreements as diagnostics (reports/ktap.ts prints them).
 */
import type { SequenceResult } from '../oracle/campaign.ts';
import type { Comparison, Disagreement } from '../oracle/compare.ts';
import type { KernelRecord } from '../oracle/record.ts';
import { formatKtap, type KtapTest } from '../reports/ktap.ts';

const SHOWN = 5;

function describe(d: Disagreement): string {
  return d.step === 0 ? `after boot, ${d.what}: kernel "${d.kernel}" model "${d.model}"` : `step ${d.step} (line ${d.line}) ${d.text}: ${d.what}: kernel "${d.kernel}" model "${d.model}"`;
}

function firstOnes(ds: readonly Disagreement[], label: (d: Disagreement) => string = describe): string[] {
  const out = ds.slice(0, SHOWN).map(label);
  if (ds.length > SHOWN) out.push(`… ${ds.length - SHOWN} more disagreements`);
  return out;
}

/** `isKnown` says whether a disagreement is in oracle/recorded/known-differences.json (then it does not fail the point). */
export function kernelKtap(runs: ReadonlyArray<{ record: KernelRecord; comparison: Comparison }>, isKnown: (r: KernelRecord, c: Comparison, d: Disagreement) => boolean): string {
  const tests: KtapTest[] = runs.map(({ record, comparison }) => {
    const unknown = comparison.disagreements.filter((d) => !isKnown(record, comparison, d));
    const latitudes = comparison.rows.filter((r) => r.latitude !== undefined).map((r) => `step ${r.step} ${r.text}: kernel "${r.kernel}", declared nondeterministic (${r.latitude})`);
    return {
      name: `${record.series} ${record.scenario}`,
      ok: unknown.length === 0,
      diagnostics: [
        `${record.release}, profile ${comparison.profile}, ${comparison.rows.length} steps, ${comparison.disagreements.length} disagreements (${comparison.disagreements.length - unknown.length} known)`,
        ...firstOnes(comparison.disagreements, (d) => `${isKnown(record, comparison, d) ? 'known: ' : ''}${describe(d)}`),
        ...latitudes.slice(0, SHOWN),
      ],
    };
  });
  const failed = tests.filter((t) => !t.ok).length;
  return formatKtap(tests, [`memhp kernel: ${tests.length} runs, ${failed} with disagreements not in known-differences.json`]);
}

/** A sequence fails its point when its first disagreement is of no known class (oracle/known-classes.ts). */
export function campaignKtap(results: readonly SequenceResult[], seed: number): string {
  const tests: KtapTest[] = results.map((r) => ({
    name: `${r.series} ${r.name}`,
    ok: r.disagreements.length === 0 || (r.cls !== undefined && r.cls !== 'UNEXPLAINED'),
    diagnostics: [
      `${r.config.join('; ') || 'default configuration'}, ${r.steps} steps${r.latitudes.length > 0 ? `, declared nondeterministic: ${r.latitudes.join(', ')}` : ''}`,
      ...(r.cls !== undefined ? [`first disagreement: ${r.cls}`] : []),
      ...firstOnes(r.disagreements),
    ],
  }));
  const failed = tests.filter((t) => !t.ok).length;
  return formatKtap(tests, [`memhp kernel-campaign seed ${seed}: ${tests.length} sequences, ${failed} with an unexplained disagreement`]);
}

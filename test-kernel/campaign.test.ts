/**
 * The random campaign in CI: for each real kernel, 50 seeded random sequences
 * of the steps a pc-dimm guest can express (DIMM add and eject, every
 * state/online write including invalid words, the four boot configurations),
 * each step held to the kernel's profile. Two kernels run at once (one
 * single-vCPU TCG guest per core). A difference that no known class explains
 * fails the test; the reports land in reports/out/kernel-campaign-ci/<kernel>/.
 * MEMHP_CAMPAIGN_SEQUENCES scales it; `npm run campaign:kernel` runs 200.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../oracle/campaign.ts';
import { KERNEL_SERIES, kernelImage, parseKernelChoice } from '../oracle/kernels.ts';
import { RELEASE_PROFILES } from '../oracle/release-profiles.ts';

const choice = parseKernelChoice(process.env.MEMHP_KERNELS ?? 'all');
const SERIES = typeof choice === 'string' ? [...KERNEL_SERIES] : choice;
const SEQUENCES = Number(process.env.MEMHP_CAMPAIGN_SEQUENCES ?? '50');
const SEED = 42;

interface CampaignReport {
  summary: { series: string; sequences: number; steps: number; disagreeing: number; covered: Record<string, number> }[];
  findings: { cls: string; shrunk: string }[];
}

describe.concurrent.each(SERIES.map((s) => [s]))('campaign on Linux %s', (series) => {
  it(`${SEQUENCES} random sequences (seed ${SEED}) agree with ${RELEASE_PROFILES[series]}, or differ only in a known class`, async () => {
    kernelImage(series); // a missing kernel fails here with the command that fetches it
    const out = join('reports', 'out', 'kernel-campaign-ci', series);
    const lines: string[] = [];
    const status = await runCampaign({ series: [series], seed: SEED, sequences: SEQUENCES, steps: 12, out, log: (l) => lines.push(l) });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as CampaignReport;
    const unexplained = report.findings.filter((f) => f.cls === 'UNEXPLAINED').map((f) => f.shrunk);
    expect(unexplained, lines.join('\n')).toEqual([]);
    expect(status).toBe(0);
    const summary = report.summary[0]!;
    expect(summary.sequences).toBe(SEQUENCES);
    // what it covered: hot-add, eject, and both sysfs files were exercised
    const ops = new Set(Object.keys(summary.covered).map((k) => k.split(' ')[0]));
    for (const op of ['add_memory', 'eject_memory', 'state', 'online']) expect(ops.has(op), `${op} never ran`).toBe(true);
  });
});

/**
 * The random campaign in CI: for each real kernel, 50 seeded random sequences
 * over eight boot configurations in turn (oracle/campaign-configs.ts): four
 * pc-dimm ones (DIMM add and eject), legacy PMEM (namespace bind/unbind:
 * memremap_pages/memunmap_pages), dax kmem (add_memory_driver_managed and
 * remove_memory) and two virtio-mem ones (virtio_mem_resize under two online
 * policies), each with every state/online write including invalid words,
 * each step held to the kernel's profile. One campaign over every kernel:
 * each (kernel, configuration)'s sequences are a unit of one queue, one
 * single-vCPU TCG guest per core, longest units first, so no core idles
 * while another kernel finishes. A difference that no known class explains
 * fails the kernel's test; the report lands in reports/out/kernel-campaign-ci/.
 * MEMHP_CAMPAIGN_SEQUENCES scales it; `npm run campaign:kernel` runs 200.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../oracle/campaign.ts';
import { KERNEL_SERIES, kernelImage, parseKernelChoice } from '../oracle/kernels.ts';
import { RELEASE_PROFILES } from '../oracle/release-profiles.ts';

const choice = parseKernelChoice(process.env.MEMHP_KERNELS ?? 'all');
const SERIES = typeof choice === 'string' ? [...KERNEL_SERIES] : choice;
const SEQUENCES = Number(process.env.MEMHP_CAMPAIGN_SEQUENCES ?? '50');
const SEED = 42;

interface CampaignReport {
  summary: { series: string; profile: string; sequences: number; steps: number; disagreeing: number; covered: Record<string, number> }[];
  findings: { series: string; cls: string; shrunk: string }[];
}

describe('campaign on the real kernels', () => {
  const out = join('reports', 'out', 'kernel-campaign-ci');
  const lines: string[] = [];
  let report: CampaignReport;
  let status: number;

  beforeAll(async () => {
    for (const series of SERIES) kernelImage(series); // a missing kernel fails here with the command that fetches it
    status = await runCampaign({ series: SERIES, seed: SEED, sequences: SEQUENCES, steps: 12, out, jobs: availableParallelism(), log: (l) => lines.push(l) });
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as CampaignReport;
  }, 1_800_000);

  it.each(SERIES.map((s) => [s]))(`on Linux %s: ${SEQUENCES} random sequences (seed ${SEED}) agree with its release profile, or differ only in a known class`, (series) => {
    const unexplained = report.findings.filter((f) => f.series === series && f.cls === 'UNEXPLAINED').map((f) => f.shrunk);
    expect(unexplained, lines.join('\n')).toEqual([]);
    const summary = report.summary.find((s) => s.series === series)!;
    expect(summary.profile).toBe(RELEASE_PROFILES[series]);
    expect(summary.sequences).toBe(SEQUENCES);
    // what it covered: every surface's steps and both sysfs files were exercised, and answered
    const ops = new Set(Object.keys(summary.covered).map((k) => k.split(' ')[0]));
    const steps = ['add_memory', 'eject_memory', 'state', 'online', 'memremap_pages', 'memunmap_pages', 'add_memory_driver_managed', 'remove_memory', 'virtio_mem_resize'];
    for (const op of steps) expect(ops.has(op), `${op} never ran`).toBe(true);
    // bound twice and unbound twice: the namespace refusals were drawn too
    const refusals = Object.keys(summary.covered).filter((k) => /^mem(re|un)map_pages -/.test(k));
    expect(refusals.length, 'no namespace bind or unbind was refused').toBeGreaterThan(0);
  });

  it('exits 0: no kernel has an unexplained difference', () => {
    expect(status, lines.join('\n')).toBe(0);
  });
});

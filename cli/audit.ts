/**
 * `memhp audit --base IMAGE|SERIES --patched IMAGE|SERIES`: the semantic
 * changelog of a patch, from two real kernels in QEMU (oracle/audit/).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../base/usage-error.ts';
import { resolveProfileOrPatch } from '../engine/patch-profile.ts';
import { runAudit, type AuditResult } from '../oracle/audit/audit.ts';
import { changedRules } from '../oracle/audit/classify.ts';
import { campaignItems, corpusFiles, fileItems } from '../oracle/audit/items.ts';
import { auditReportJson, writeAuditReport, type AuditReportJson } from '../oracle/audit/report.ts';
import { GuestRunner } from '../oracle/audit/runner.ts';
import { BootSnapshots } from '../oracle/boot-snapshot.ts';
import { resolveKernel, type KernelImage } from '../oracle/kernel-image.ts';
import { requireBusybox, requireQemu } from '../oracle/kernels.ts';
import { formatKtap, type KtapTest } from '../reports/ktap.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';
import { intOption } from './options.ts';
import { jobProgress } from './progress.ts';
import { formatOption, type OutputFormat } from './format.ts';

export interface AuditCliOptions {
  base?: string;
  patched?: string;
  to?: string;
  baseProfile?: string;
  seed: string;
  sequences: string;
  steps: string;
  files?: string[];
  out?: string;
  format: string;
  shrinkBudget: string;
}

export function auditKtap(doc: AuditReportJson): string {
  const byItem = new Map<string, AuditReportJson['changelog'][number]['occurrences']>();
  for (const k of doc.changelog) for (const d of k.occurrences) byItem.set(d.item, [...(byItem.get(d.item) ?? []), d]);
  const tests: KtapTest[] = doc.items.map((r) => {
    const diffs = [...(byItem.get(r.name) ?? [])].sort((x, y) => x.step - y.step);
    const shown = diffs.slice(0, 5).map((d) => `step ${d.step} ${d.text}: ${d.what}: ${doc.base.name} "${d.base}" ${doc.patched.name} "${d.patched}" [${d.verdict}${d.rules.length > 0 ? `: ${d.rules.join('; ')}` : ''}]`);
    if (diffs.length > 5) shown.push(`… ${diffs.length - 5} more differing steps`);
    return { name: r.name, ok: diffs.every((d) => d.verdict === 'nondeterministic'), diagnostics: shown };
  });
  return formatKtap(tests, [doc.headline]);
}

function printChangelog(doc: AuditReportJson, result: AuditResult, report: string): void {
  const out: string[] = [];
  out.push(`memhp audit: base ${doc.base.name} (${doc.base.release}, profile ${doc.base.profile}) → patched ${doc.patched.name} (${doc.patched.release}, profile ${doc.patched.profile})`);
  out.push(`  ${doc.files.length} scenario files + ${doc.sequences} campaign sequences (seed ${doc.seed}, ${doc.steps} steps)`);
  out.push(`  rules that differ between the profiles:${doc.rules.length === 0 ? ' none' : ''}`);
  for (const r of doc.rules) out.push(`    ${r}`);
  const dis = result.items.reduce((n, r) => ({ base: n.base + r.disagreements.base, patched: n.patched + r.disagreements.patched }), { base: 0, patched: 0 });
  out.push(`  model vs kernel over all runs: ${doc.base.profile} vs ${doc.base.name} ${dis.base} disagreements, ${doc.patched.profile} vs ${doc.patched.name} ${dis.patched}`);
  out.push(`semantic changelog: ${doc.changelog.length === 0 ? 'no step differs' : `${doc.changelog.length} kinds of difference`}`);
  for (const k of doc.changelog) {
    const first = k.occurrences[0]!;
    out.push(`  [${k.verdict}] ${k.kind} — ${k.occurrences.length} occurrence(s) in ${new Set(k.occurrences.map((d) => d.item)).size} run(s)`);
    out.push(`      e.g. ${first.item} step ${first.step} ${first.text}  ${first.what}: ${doc.base.name} "${first.base}"  ${doc.patched.name} "${first.patched}"`);
    if (k.rules.length > 0) out.push(`      rules: ${k.rules.join('; ')}`);
    const lat = k.occurrences.find((d) => d.latitude !== undefined)?.latitude;
    if (k.verdict === 'nondeterministic' && lat !== undefined) out.push(`      after ${lat.id} at step ${lat.step} (oracle/nondeterminism.ts)`);
    const s = k.shrunk;
    if (s !== undefined) {
      out.push(`      shortest reproducer: ${join(report, '..', s.file)} (${s.steps} steps, ${s.attempts} reruns, ${s.confirmed ? 'confirmed' : 'NOT confirmed'} on both${s.verdict !== undefined ? `, judged ${s.verdict} there` : ''}); model agrees: ${doc.base.profile} with ${doc.base.name} ${s.agrees.base ? 'yes' : 'no'}, ${doc.patched.profile} with ${doc.patched.name} ${s.agrees.patched ? 'yes' : 'no'}`);
      for (const l of s.scenario.trimEnd().split('\n').filter((x) => !x.startsWith('#'))) out.push(`        ${l}`);
    }
  }
  out.push(`report: ${report}`);
  out.push(`memhp: ${doc.headline}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function auditCommand(o: AuditCliOptions): Promise<number> {
  const format: OutputFormat = formatOption(o.format, ['text', 'ktap', 'json']);
  if (o.base === undefined || o.patched === undefined) throw new UsageError('audit needs --base and --patched (a kernel series: 5.10, 6.1, 6.12, 7.3, or a path to a bzImage)');
  const seed = intOption('seed', o.seed, 0, 2 ** 31 - 1);
  const sequences = intOption('sequences', o.sequences, 0, 100_000);
  const steps = intOption('steps', o.steps, 1, 1000);
  const shrinkBudget = intOption('shrink-budget', o.shrinkBudget, 0, 10_000);
  if (o.baseProfile !== undefined) resolveProfileOrPatch(o.baseProfile);
  if (o.to !== undefined) resolveProfileOrPatch(o.to);
  const base: KernelImage = resolveKernel(o.base, o.baseProfile !== undefined ? { profile: o.baseProfile } : {});
  const patched: KernelImage = resolveKernel(o.patched, o.to !== undefined ? { profile: o.to } : {});
  const profiles = { base: resolveProfileOrPatch(base.profile), patched: resolveProfileOrPatch(patched.profile) };
  const files = o.files ?? corpusFiles();
  const items = [...fileItems(files), ...campaignItems(seed, base.name, sequences, steps)];
  if (items.length === 0) throw new UsageError('nothing to run: no scenario files and --sequences 0');
  requireQemu();
  requireBusybox();

  const bar = jobProgress();
  const side = { base: '', patched: '' };
  let current = '';
  const show = (): void => bar.update(`audit ${current}${side.base !== '' ? `; ${base.name}: ${side.base}` : ''}${side.patched !== '' ? `; ${patched.name}: ${side.patched}` : ''}`);
  const baseName = base.name === patched.name ? `${base.name} (base)` : base.name;
  const patchedName = base.name === patched.name ? `${patched.name} (patched)` : patched.name;
  // one store of saved boots for both sides: a base and a patched kernel that are the same image boot once per command line
  const snapshots = new BootSnapshots(8);
  const runners = {
    base: new GuestRunner(baseName, base, snapshots, (t) => ((side.base = t), show())),
    patched: new GuestRunner(patchedName, patched, snapshots, (t) => ((side.patched = t), show())),
  };
  const pair = {
    run: (item: Parameters<GuestRunner['run']>[0]) =>
      Promise.all([
        runners.base.run(item, (i, n) => ((side.base = `step ${i + 1}/${n}`), show())),
        runners.patched.run(item, (i, n) => ((side.patched = `step ${i + 1}/${n}`), show())),
      ] as const),
  };
  const t0 = Date.now();
  let result: AuditResult;
  try {
    result = await runAudit(items, pair, {
      profiles,
      shrinkBudget,
      status: (t) => ((current = t), (side.base = ''), (side.patched = ''), show()),
      note: (l) => bar.note(l),
    });
  } finally {
    snapshots.close();
    bar.done();
  }
  const doc = auditReportJson({
    base: { name: base.name, release: base.release, pkg: base.pkg, profile: base.profile },
    patched: { name: patched.name, release: patched.release, pkg: patched.pkg, profile: patched.profile },
    seed,
    sequences,
    steps,
    files,
    rules: changedRules(profiles).map((c) => c.text),
    result,
  });
  const dir = o.out ?? join('reports', 'out', `audit-${base.name}-${patched.name}-${seed}`);
  const report = writeAuditReport(dir, doc);
  process.stderr.write(`memhp: audit took ${Math.round((Date.now() - t0) / 1000)} s, ${snapshots.boots} boots, ${snapshots.restores} runs from a saved boot\n`);
  if (format === 'json') process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
  else if (format === 'ktap') process.stdout.write(auditKtap(doc));
  else printChangelog(doc, result, report);
  // a nondeterministic difference is no change of the patch: two boots of one kernel can show it
  return doc.status === 'passed' ? EXIT_OK : EXIT_FAILED;
}

export function registerAuditCommand(cli: Command, finish: (p: Promise<number>) => void): void {
  cli
    .command('audit')
    .description('the semantic changelog of a patch: the corpus and seeded random sequences on a base and a patched kernel, every difference shrunk on the real kernels and judged against the profiles; exit 1 if one is not nondeterministic')
    .option('--base <kernel>', 'the kernel without the patch: 5.10, 6.1, 6.12, 7.3, or a path to a bzImage (held to its release\'s profile unless --base-profile)')
    .option('--patched <kernel>', 'the kernel with the patch: a series or a bzImage path (held to its release\'s profile unless --to)')
    .option('--to <profile>', 'the profile the patched kernel is held to: a name or a patch profile file (default: its release profile)')
    .option('--base-profile <profile>', 'the profile the base kernel is held to (default: its release profile)')
    .option('--seed <n>', 'seed of the random pc-dimm sequences (kernel-campaign\'s pc-dimm generator and configurations)', '1')
    .option('--sequences <n>', 'random sequences (0: the scenario files only)', '5')
    .option('--steps <n>', 'steps per random sequence', '12')
    .option('--files <files...>', 'scenario files instead of the corpus (oracle/corpus/*.scn)')
    .option('--shrink-budget <n>', 'reruns on both kernels allowed per kind of difference while shrinking', '12')
    .option('--out <dir>', 'report directory (default reports/out/audit-<base>-<patched>-<seed>)')
    .option('--format <fmt>', 'text, ktap or json', 'text')
    .action((o: AuditCliOptions) => finish(Promise.resolve().then(() => auditCommand(o))));
}

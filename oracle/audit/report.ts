/**
 * The audit's report directory: report.json (its own schema, `memhp report
 * check` accepts it), summary.md, report.html and one scenario file per
 * changelog entry (counterexamples/NN-<kind>.scn). Every file is written to a
 * temporary name and renamed, so a reader never sees half a report. Nothing
 * timed goes in, so the same answers give the same bytes.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { kindSlug } from '../../diff/scenario.ts';
import { escapeHtml } from '../../reports/escape.ts';
import { stableStringify } from '../../reports/stable-json.ts';
import { toolVersion } from '../../reports/versions.ts';
import { itemSource } from './items.ts';
import type { AuditResult } from './audit.ts';

export const AUDIT_SCHEMA_VERSION = 1;

const nat = z.number().int().nonnegative();
const verdict = z.enum(['predicted', 'nondeterministic', 'new semantics']);
const kernel = z.strictObject({ name: z.string(), release: z.string(), pkg: z.string(), profile: z.string() });
const occurrence = z.strictObject({
  item: z.string(),
  step: nat,
  line: nat,
  text: z.string(),
  what: z.string(),
  base: z.string(),
  patched: z.string(),
  verdict,
  rules: z.array(z.string()),
  together: z.boolean().optional(),
  model: z.strictObject({ base: z.string(), patched: z.string() }).optional(),
  latitude: z.strictObject({ id: z.string(), step: nat }).optional(),
});

export const auditReportSchema = z.strictObject({
  schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
  command: z.literal('audit'),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  base: kernel,
  patched: kernel,
  seed: z.number().int(),
  sequences: nat,
  steps: nat,
  files: z.array(z.string()),
  /** `passed`: no difference, or only nondeterministic ones (the same kernel may answer them either way). */
  status: z.enum(['passed', 'failed']),
  headline: z.string(),
  /** Rules whose values differ between the two profiles. */
  rules: z.array(z.string()),
  verdicts: z.strictObject({ predicted: nat, nondeterministic: nat, 'new semantics': nat }),
  items: z.array(
    z.strictObject({
      name: z.string(),
      origin: z.string(),
      steps: nat,
      differences: nat,
      disagreements: z.strictObject({ base: nat, patched: nat }),
      latitudes: z.strictObject({ base: z.array(z.string()), patched: z.array(z.string()) }),
    }),
  ),
  changelog: z.array(
    z.strictObject({
      kind: z.string(),
      verdict,
      rules: z.array(z.string()),
      occurrences: z.array(occurrence),
      shrunk: z
        .strictObject({
          from: z.string(),
          file: z.string(),
          scenario: z.string(),
          steps: nat,
          attempts: nat,
          confirmed: z.boolean(),
          verdict: verdict.optional(),
          agrees: z.strictObject({ base: z.boolean(), patched: z.boolean() }),
        })
        .optional(),
    }),
  ),
});
export type AuditReportJson = z.infer<typeof auditReportSchema>;

export interface AuditReportInput {
  readonly base: z.infer<typeof kernel>;
  readonly patched: z.infer<typeof kernel>;
  readonly seed: number;
  readonly sequences: number;
  readonly steps: number;
  readonly files: readonly string[];
  readonly rules: readonly string[];
  readonly result: AuditResult;
}

export function auditReportJson(input: AuditReportInput): AuditReportJson {
  const { result } = input;
  const verdicts = { predicted: 0, nondeterministic: 0, 'new semantics': 0 };
  for (const k of result.kinds) verdicts[k.verdict]++;
  const steps = result.items.reduce((n, r) => n + r.differences.length, 0);
  const pair = `${input.base.name} (${input.base.profile}) → ${input.patched.name} (${input.patched.profile})`;
  const headline =
    result.kinds.length === 0
      ? `audit ${pair}: ${result.items.length} runs, no difference`
      : `audit ${pair}: ${result.items.length} runs, ${steps} differing steps in ${result.kinds.length} kinds: ${verdicts.predicted} predicted, ${verdicts.nondeterministic} nondeterministic, ${verdicts['new semantics']} new semantics`;
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    command: 'audit',
    tool: { name: 'memhp', version: toolVersion() },
    base: input.base,
    patched: input.patched,
    seed: input.seed,
    sequences: input.sequences,
    steps: input.steps,
    files: [...input.files],
    status: result.kinds.every((k) => k.verdict === 'nondeterministic') ? 'passed' : 'failed',
    headline,
    rules: [...input.rules],
    verdicts,
    items: result.items.map((r) => ({
      name: r.item.name,
      origin: r.item.origin,
      steps: r.item.steps.length,
      differences: r.differences.length,
      disagreements: r.disagreements,
      latitudes: { base: [...r.latitudes.base], patched: [...r.latitudes.patched] },
    })),
    changelog: result.kinds.map((k, i) => ({
      kind: k.kind,
      verdict: k.verdict,
      rules: [...k.rules],
      occurrences: k.occurrences.map((d) => ({
        item: d.item,
        step: d.step,
        line: d.line,
        text: d.text,
        what: d.what,
        base: d.base,
        patched: d.patched,
        verdict: d.verdict,
        rules: [...d.rules],
        ...(d.together === true ? { together: true } : {}),
        ...(d.model !== undefined ? { model: { ...d.model } } : {}),
        ...(d.latitude !== undefined ? { latitude: { ...d.latitude } } : {}),
      })),
      ...(k.shrunk !== undefined
        ? {
            shrunk: {
              from: k.shrunk.from,
              file: `counterexamples/${String(i + 1).padStart(2, '0')}-${kindSlug(k.kind)}.scn`,
              scenario: shrunkScenario(input, k.kind, k.verdict, k.shrunk),
              steps: k.shrunk.steps.length,
              attempts: k.shrunk.attempts,
              confirmed: k.shrunk.confirmed,
              ...(k.shrunk.verdict !== undefined ? { verdict: k.shrunk.verdict } : {}),
              agrees: { ...k.shrunk.agrees },
            },
          }
        : {}),
    })),
  };
}

function shrunkScenario(input: AuditReportInput, kind: string, v: string, s: NonNullable<AuditResult['kinds'][number]['shrunk']>): string {
  const head = [
    `# memhp audit: ${kind} [${v}]`,
    `# base ${input.base.name} (${input.base.release}, profile ${input.base.profile}); patched ${input.patched.name} (${input.patched.release}, profile ${input.patched.profile})`,
    `# shrunk from ${s.from} on both kernels in ${s.attempts} reruns; ${s.confirmed ? 'confirmed by one more run on both' : 'NOT confirmed by the last run on both (nondeterministic?)'}`,
    `# run it: npx memhp kernel <this file> --kernel ${input.base.name}  (and --kernel ${input.patched.name})`,
  ];
  return `${head.join('\n')}\n${itemSource(s)}`;
}

export function renderAuditSummary(doc: AuditReportJson): string {
  const out = [`# memhp audit`, '', doc.headline, ''];
  out.push(`- base: ${doc.base.name} (${doc.base.release}, ${doc.base.pkg}), profile \`${doc.base.profile}\``);
  out.push(`- patched: ${doc.patched.name} (${doc.patched.release}, ${doc.patched.pkg}), profile \`${doc.patched.profile}\``);
  out.push(`- runs: ${doc.files.length} scenario files, ${doc.sequences} campaign sequences (seed ${doc.seed}, ${doc.steps} steps)`);
  out.push('', `## Rules that differ between the profiles`, '');
  out.push(...(doc.rules.length === 0 ? ['none'] : doc.rules.map((r) => `- \`${r}\``)));
  out.push('', '## Semantic changelog', '');
  if (doc.changelog.length === 0) out.push('No step differs between the two kernels.');
  else {
    out.push('| # | verdict | kind | occurrences | rules | shortest reproducer | model agrees (base / patched) |', '|---|---|---|---|---|---|---|');
    doc.changelog.forEach((k, i) => {
      const s = k.shrunk;
      const repro = s === undefined ? '—' : `\`${s.file}\` (${s.steps} steps, ${s.confirmed ? 'confirmed' : 'not confirmed'})`;
      const agrees = s === undefined ? '—' : `${s.agrees.base ? 'yes' : 'no'} / ${s.agrees.patched ? 'yes' : 'no'}`;
      out.push(`| ${i + 1} | ${k.verdict} | ${cell(k.kind)} | ${k.occurrences.length} | ${cell(k.rules.join('; ') || '—')} | ${repro} | ${agrees} |`);
    });
  }
  out.push('', '## Runs', '', '| run | steps | differing steps | disagreements with the model (base / patched) |', '|---|---|---|---|');
  for (const r of doc.items) out.push(`| ${cell(r.name)} | ${r.steps} | ${r.differences} | ${r.disagreements.base} / ${r.disagreements.patched} |`);
  return `${out.join('\n')}\n`;
}

const cell = (s: string): string => s.replaceAll('|', '\\|');

export function renderAuditHtml(doc: AuditReportJson): string {
  const e = escapeHtml;
  const rows = doc.changelog
    .map((k, i) => {
      const occ = k.occurrences
        .map((d) => `<li>${e(d.item)} step ${d.step} (line ${d.line}) <code>${e(d.text)}</code> ${e(d.what)}: base “${e(d.base)}” patched “${e(d.patched)}” [${e(d.verdict)}]</li>`)
        .join('');
      const repro = k.shrunk === undefined ? '' : `<pre>${e(k.shrunk.scenario)}</pre>`;
      return `<tr class="${e(k.verdict.replace(' ', '-'))}"><td>${i + 1}</td><td>${e(k.verdict)}</td><td>${e(k.kind)}</td><td>${e(k.rules.join('; ') || '—')}</td><td><ul>${occ}</ul>${repro}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>memhp audit ${e(doc.base.name)} → ${e(doc.patched.name)}</title>
<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;vertical-align:top}.new-semantics td{background:#fdd}.predicted td{background:#dfd}.nondeterministic td{background:#eee}pre{margin:0}</style>
</head><body>
<h1>memhp audit</h1><p>${e(doc.headline)}</p>
<p>base ${e(doc.base.name)} (${e(doc.base.release)}), profile ${e(doc.base.profile)}; patched ${e(doc.patched.name)} (${e(doc.patched.release)}), profile ${e(doc.patched.profile)}</p>
<h2>Rules that differ</h2><ul>${doc.rules.map((r) => `<li><code>${e(r)}</code></li>`).join('') || '<li>none</li>'}</ul>
<h2>Semantic changelog</h2>
<table><tr><th>#</th><th>verdict</th><th>kind</th><th>rules</th><th>occurrences and shortest reproducer</th></tr>
${rows}
</table>
</body></html>
`;
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Writes the directory; report.json last, so its presence means the rest is there. Returns its path. */
export function writeAuditReport(dir: string, doc: AuditReportJson): string {
  const checked = auditReportSchema.safeParse(doc);
  if (!checked.success) throw new Error(`audit report.json would not be valid: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  for (const k of doc.changelog) if (k.shrunk !== undefined) writeAtomic(join(dir, k.shrunk.file), k.shrunk.scenario);
  writeAtomic(join(dir, 'summary.md'), renderAuditSummary(doc));
  writeAtomic(join(dir, 'report.html'), renderAuditHtml(doc));
  const json = join(dir, 'report.json');
  writeAtomic(json, stableStringify(doc));
  return json;
}

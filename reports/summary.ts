/** summary.md: a short Markdown page for CI job summaries, rendered from a validated report document. */
import type { ReportJson } from './schema.ts';

/** Table cells: a pipe or a line break in user text would break the table. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** A code fence longer than any run of backticks inside. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function renderSummary(r: ReportJson): string {
  const lines = [`# memhp ${r.command}${r.seed !== null ? `, seed ${r.seed}` : ''}`, '', cell(r.headline)];
  if (r.properties.length > 0) {
    lines.push(
      '',
      '| profile | property | result | runs | known findings (steps) |',
      '|---|---|---|---|---|',
      ...r.properties.map(
        (p) =>
          `| ${cell(p.profile)} | ${cell(p.property)} | ${p.status} | ${p.numRuns} | ${cell(Object.entries(p.knownFindings).map(([c, n]) => `${c} ${n}`).join(', ')) || '—'} |`,
      ),
    );
  }
  if (r.differences !== undefined && r.differences.length > 0) {
    lines.push(
      '',
      '| from → to | kind | steps | answers | scenario |',
      '|---|---|---|---|---|',
      ...r.differences.map((d) => {
        const cx = r.counterexamples.find((c) => c.id === d.counterexample);
        return `| ${cell(d.from)} → ${cell(d.to)} | ${cell(d.kind)} | ${d.steps} | ${cell(`${d.answers[0]} / ${d.answers[1]}`)} | ${cell(cx?.file ?? '')} |`;
      }),
    );
  }
  for (const cx of r.counterexamples) {
    const f = fence(cx.scenario);
    lines.push('', `## ${cell(cx.title)}`, '', f, cx.scenario.trimEnd(), f);
    for (const v of cx.violations) lines.push('', `- ${cell(`${v.check} (${v.impl}): ${v.message}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

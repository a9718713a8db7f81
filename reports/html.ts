/**
 * report.html: one self-contained page (inline CSS, no script, no network)
 * rendered from a validated report document. Every text from the document
 * is escaped, since scenario text and profile names come from users.
 */
import { buildAxis } from './diagram/layout.ts';
import { highlightBetween, NO_HIGHLIGHT } from './diagram/highlight.ts';
import { stepSvg, ZONE_COLOURS } from './diagram/svg.ts';
import { MEMMAP_COLOURS, SUBSECTION_COLOURS, zoomSvg } from './diagram/svg-zoom.ts';
import { sectionsToZoom } from './diagram/subsections.ts';
import { escapeHtml as e } from './escape.ts';
import { KEPT_STATES, LONG_REPLAY_STEPS } from '../engine/replay.ts';
import type { CounterexampleJson, ObservationJson, ReportJson } from './schema.ts';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#212529;background:#fff;max-width:1240px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 6px;border-top:1px solid #dee2e6;padding-top:14px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f1f3f5}
.passed{color:#2b8a3e;font-weight:600}.failed{color:#c92a2a;font-weight:600}
pre{background:#f8f9fa;border:1px solid #dee2e6;padding:8px;overflow:auto;font-size:12.5px}
code{font-size:12.5px}.meta td:first-child{color:#495057}
.step{margin:10px 0 4px;padding:6px 8px;border-left:4px solid #dee2e6}.step.bad{border-left-color:#d00000;background:#fff5f5}
.cap{font-family:ui-monospace,monospace;font-size:13px;margin-bottom:4px}.side{font-size:12px;color:#495057;margin:4px 0 0}
svg.mem{display:block;max-width:100%;height:auto}svg text{font-family:ui-monospace,monospace;font-size:10px;fill:#212529}
svg .row{font-size:10px;fill:#495057}svg .row.hl{fill:#d00000;font-weight:700}svg .addr{font-size:9.5px}svg .nr{font-size:9px;fill:#495057}
svg .zl{font-size:10px}svg .bl{font-size:10px}svg .bl.on{fill:#fff}svg .early{font-size:8px;fill:#6c757d}svg .cut{font-size:16px;fill:#868e96}svg .fold{font-size:9px;fill:#868e96}
svg.zoom{margin-top:4px}svg .zcap{font-size:10.5px}svg .zcap.hl{fill:#d00000;font-weight:700}
svg .axis{stroke:#868e96;stroke-width:1}svg .cutline{stroke:#adb5bd;stroke-width:1;stroke-dasharray:2 3}svg .foldbox{fill:#e9ecef;stroke:#ced4da}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px;border:1px solid #495057}
.viol{color:#c92a2a}
`;

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `<table><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</table>`;
}

function legend(): string {
  const item = (colour: string, what: string) => `<span><i class="sw" style="background:${colour}"></i>${e(what)}</span>`;
  return (
    `<p class="legend">${Object.entries(ZONE_COLOURS)
    .map(([z, c]) => item(c, z))
    .join('')}${item('#ced4da', 'offline block')}${item('#38b000', 'section online')}${item('#d00000', 'differs')}<span>dashed: section not present · E: early section · ≈: address space cut out · ×N: N unchanging sections folded</span><br>` +
    `<span>active sub-sections:</span>${item(SUBSECTION_COLOURS.ram, 'System RAM')}${item(SUBSECTION_COLOURS.device, 'device memory (memremap_pages)')}${item(SUBSECTION_COLOURS.bare, 'no memory resource (bare add_pages, hole)')}${item('#fff', 'inactive')}` +
    `<br><span>memmap band under a zoomed sub-section:</span>${item(MEMMAP_COLOURS.boot, 'boot')}${item(MEMMAP_COLOURS.hotplug, 'hotplug')}<span>▬ over a cell: this step changed it; each step zooms into the sections it changed</span></p>`
  );
}

function answersText(answers: Readonly<Record<string, string>>): string {
  const vals = Object.values(answers);
  if (vals.every((v) => v === vals[0])) return vals[0] ?? '';
  return Object.entries(answers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('   ');
}

/** The line that stands for steps `from`..`to` (1-based) whose state a long replay did not keep. */
export function foldedStepsText(from: number, to: number): string {
  const which = from === to ? `step ${from}` : `steps ${from}–${to}`;
  return `${which}: state not kept (a replay of more than ${LONG_REPLAY_STEPS} steps keeps it for the ${KEPT_STATES} steps up to the first failure, or the last ${KEPT_STATES}); each step's answers are in report.json`;
}

function counterexampleHtml(cx: CounterexampleJson): string {
  const states = [cx.initial, ...cx.steps.flatMap((s) => (s.observation === undefined ? [] : [s.observation, ...Object.values(s.others ?? {})]))];
  const failing = cx.failingStep === null ? undefined : cx.steps[cx.failingStep - 1];
  const keep = new Set<number>();
  if (failing?.observation !== undefined && failing.others !== undefined) for (const o of Object.values(failing.others)) for (const nr of highlightBetween(failing.observation, o).sections) keep.add(nr);
  const axis = buildAxis(cx.machine, states, keep);
  const out: string[] = [`<section id="${e(`cx-${cx.id}`)}"><h2>${e(cx.title)}</h2>`];
  for (const v of cx.violations) out.push(`<p class="viol">${e(`${v.check} (${v.impl}): ${v.message}`)}</p>`);
  out.push(`<pre>${e(cx.scenario)}</pre>`);
  if (cx.replay.commands.length > 0) out.push(`<p class="side">to replay, from the report directory:</p><pre>${e(cx.replay.commands.join("\n"))}</pre>`);
  out.push(`<div class="step"><div class="cap">${e(`boot (${cx.machine.profile}, ${cx.machine.geometry.name})`)}</div>${stepSvg(axis, cx.initial, NO_HIGHLIGHT, 'state after boot')}</div>`);
  // A long replay kept no state for some steps (engine/replay.ts): each run of them is one line.
  let foldedFrom: number | undefined;
  const fold = (to: number): void => {
    if (foldedFrom !== undefined) out.push(`<p class="side">${e(foldedStepsText(foldedFrom, to))}</p>`);
    foldedFrom = undefined;
  };
  cx.steps.forEach((s, i) => {
    const now = s.observation;
    if (now === undefined) {
      foldedFrom ??= i + 1;
      return;
    }
    fold(i);
    const bad = cx.failingStep === i + 1;
    const expected = s.expected !== undefined ? `  (expected ${s.expected})` : '';
    out.push(`<div class="step${bad ? ' bad' : ''}"><div class="cap">${e(`step ${i + 1}: ${s.step} → ${answersText(s.answers)}${expected}`)}</div>`);
    const others = Object.entries(s.others ?? {});
    // Each side against its own state before the step.
    const before = (side?: string): ObservationJson | undefined => {
      const prev = cx.steps[i - 1];
      return prev === undefined ? cx.initial : ((side !== undefined ? prev.others?.[side] : undefined) ?? prev.observation);
    };
    // Without the state before the step (not kept), there is no change to zoom into.
    const zoom = (o: ObservationJson, differing: ReadonlySet<number>, label: string, side?: string, other?: ObservationJson): string => {
      const was = before(side);
      return was === undefined ? '' : zoomSvg(axis.geo, was, o, sectionsToZoom(axis.geo, was, o, differing), differing, label, other);
    };
    if (others.length === 0 && JSON.stringify(now) === JSON.stringify(before())) {
      // A query, or a step refused with nothing changed: the picture above still holds.
      out.push('<p class="side">state unchanged</p>');
    } else if (others.length === 0) {
      out.push(stepSvg(axis, now, NO_HIGHLIGHT, `state after step ${i + 1}`), zoom(now, new Set(), `sections changed by step ${i + 1}`));
    } else {
      const first = cx.sides[0] ?? '';
      const hl = highlightBetween(now, others[0]![1]);
      out.push(`<p class="side">${e(first)}</p>`, stepSvg(axis, now, hl, `${first} after step ${i + 1}`), zoom(now, hl.sections, `${first}: sections changed by step ${i + 1}`, undefined, others[0]![1]));
      for (const [side, o] of others) {
        const h = highlightBetween(now, o);
        out.push(`<p class="side">${e(side)}</p>`, stepSvg(axis, o, h, `${side} after step ${i + 1}`), zoom(o, h.sections, `${side}: sections changed by step ${i + 1}`, side, now));
      }
    }
    out.push('</div>');
  });
  fold(cx.steps.length);
  out.push('</section>');
  return out.join('\n');
}

export function renderHtml(r: ReportJson): string {
  const title = `memhp ${r.command}${r.seed !== null ? `, seed ${r.seed}` : ''}`;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${e(title)}</h1>`,
    `<p class="${r.status}">${e(r.headline)}</p>`,
    `<table class="meta">${[
      ['tool', `${r.tool.name} ${r.tool.version}`],
      ['Node.js', r.node],
      ['fast-check', r.fastCheck],
      ['profiles', r.profiles.join(', ')],
      ...(r.file !== undefined ? [['scenario', r.file]] : []),
      ...(r.numRuns !== undefined ? [['runs', `${r.numRuns} of up to ${r.maxSteps ?? '?'} steps`]] : []),
      ...(r.bugs.length > 0 ? [['bug switches', r.bugs.join(', ')]] : []),
    ]
      .map(([k, v]) => `<tr><td>${e(k!)}</td><td>${e(v!)}</td></tr>`)
      .join('')}</table>`,
  ];
  if (r.properties.length > 0) {
    parts.push(
      '<h2>Properties</h2>',
      table(
        ['profile', 'property', 'result', 'runs', 'known findings (steps)'],
        r.properties.map((p) => [p.profile, p.property, p.status, String(p.numRuns), Object.entries(p.knownFindings).map(([c, n]) => `${c} ${n}`).join(', ') || '—']),
      ),
    );
  }
  if (r.differences !== undefined) {
    parts.push('<h2>Differences</h2>');
    parts.push(
      r.differences.length === 0
        ? '<p>none found</p>'
        : `<table><tr><th>from → to</th><th>kind</th><th>steps</th><th>answers</th></tr>${r.differences
            .map(
              (d) =>
                `<tr><td>${e(`${d.from} → ${d.to}`)}</td><td><a href="#${e(`cx-${d.counterexample}`)}">${e(d.kind)}</a></td><td>${d.steps}</td><td>${e(`${d.answers[0]} / ${d.answers[1]}`)}</td></tr>`,
            )
            .join('')}</table>`,
    );
  }
  const counts = Object.entries(r.counts);
  if (counts.length > 0) {
    parts.push(
      '<details><summary>Steps executed, by command and answer</summary>',
      table(['command', 'answers'], counts.map(([op, row]) => [op, Object.entries(row).map(([o, n]) => `${o} ${n}`).join('  ')])),
      '</details>',
    );
  }
  if (r.counterexamples.length > 0) parts.push(legend(), ...r.counterexamples.map(counterexampleHtml));
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}

/**
 * The report directory every command writes: valid against the schema,
 * byte-identical for the same command and seed, free of ANSI colour, and an
 * HTML page that needs nothing from the network and escapes what users wrote.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { UsageError } from '../../base/usage-error.ts';
import { replaySteps } from '../../engine/replay.ts';
import { replayReportJson } from '../../reports/replay-report.ts';
import { parseScenario } from '../../scenario/index.ts';
import { diffReportJson } from '../../diff/report.ts';
import { diffProfiles } from '../../diff/search.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { readReport, writeReport } from '../../reports/write.ts';
import { memhp } from '../helpers/cli.ts';
import { canonicalObservation } from '../../model/observation.ts';
import { observationSchema, type ObservationJson } from '../../reports/schema.ts';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const FILES = ['report.json', 'summary.md', 'report.html'];

function filesOf(dir: string): string[] {
  return [...FILES, ...readdirSync(join(dir, 'counterexamples')).map((f) => join('counterexamples', f))];
}

describe('report directories', () => {
  it('a failing replay: one diagram per step, the other implementation drawn where it differs, outlined in red', () => {
    const out = tmp('memhp-bad-');
    const r = memhp(['replay', 'scenarios/bugs/shrink-by-section.scn', '--inject', 'shrink-by-section', '--out', out]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      status: string;
      counterexamples: Array<{ steps: Array<{ others?: object }>; failingStep: number; replay: { commands: string[] } }>;
    };
    expect(doc.status).toBe('failed');
    const cx = doc.counterexamples[0]!;
    // Replay stops at the divergence: step 5 of the file, `state 1 offline`.
    expect(cx.failingStep).toBe(5);
    expect(cx.steps).toHaveLength(5);
    expect(cx.steps[4]!.others).toBeDefined();
    // from the report directory, as report.html says: the report's own copy of the scenario
    expect(cx.replay.commands).toEqual(['npx memhp replay counterexamples/shrink-by-section.scn --impl both --inject shrink-by-section']);
    expect(readFileSync(join(out, 'counterexamples', 'shrink-by-section.scn'), 'utf8')).toBe(readFileSync('scenarios/bugs/shrink-by-section.scn', 'utf8'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    // boot, steps 1–3, and both sides at the failing step 5; step 4, a query, changed nothing and says so.
    expect(html.match(/<svg [^>]*class="mem"/g)?.length).toBe(6);
    expect(html.match(/<p class="side">state unchanged<\/p>/g)?.length).toBe(1);
    // Each drawn step also zooms into what it changed (steps 3 and 5 changed section flags only: named there).
    expect(html.match(/<svg [^>]*class="mem zoom"/g)?.length).toBe(5);
    expect(html.match(/section\(s\) 16–31: flags changed, sub-sections as before/g)?.length).toBe(3);
    expect(html.match(/class="step bad"/g)?.length).toBe(1);
    expect(html).toContain('stroke="#d00000"');
    for (const f of filesOf(out)) expect(readFileSync(join(out, f)).includes(0x1b), f).toBe(false);
  });

  it('memhp replay writes a report named after the file, and report.html escapes user text', () => {
    const dir = tmp('memhp-esc-');
    const file = join(dir, 'x<b>.scn');
    writeFileSync(file, 'profile v5.5\n# <script>alert(1)</script> "quoted" & more\nadd_memory 0x100000000 128M -> ok\nstate 32 online_movable -> ok\n');
    const out = join(dir, 'out');
    const r = memhp(['replay', file, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#34;quoted&#34; &#38; more');
    expect(html).toContain('x&#60;b&#62;.scn');
    // Self-contained: nothing is fetched (the SVG namespace is a name, not a request).
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|src=|<link|@import|url\(/);
    expect(readdirSync(join(out, 'counterexamples'))).toEqual(['x_b_.scn']);
  });

  it('memhp diff reports are byte-identical for the same seed', () => {
    const [a, b] = [tmp('memhp-da-'), tmp('memhp-db-')];
    // The CLI's path in-process: search, document, writer.
    const once = (dir: string) => {
      const result = diffProfiles({ from: findProfile('v4.19')!, to: findProfile('v5.3')!, seed: 5, numRuns: 20, maxSteps: 15, maxKinds: 2 });
      expect(result.findings).toHaveLength(2);
      writeReport(dir, diffReportJson({ seed: 5, numRuns: 20, maxSteps: 15, results: [result], args: {}, chain: false }));
    };
    once(a);
    once(b);
    for (const f of filesOf(a)) expect(readFileSync(join(a, f)), f).toEqual(readFileSync(join(b, f)));
    expect(() => readReport(join(a, 'report.json'))).not.toThrow();
  });

  it('memhp report check: exit 0 for a valid report, 2 with one line naming the JSON path', () => {
    const dir = tmp('memhp-chk-');
    const good = join(dir, 'good');
    const file = 'scenarios/examples/faults.scn';
    const text = readFileSync(file, 'utf8');
    const scenario = parseScenario(text, file);
    writeReport(good, replayReportJson(file, text, replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']), []));
    const ok = memhp(['report', 'check', join(good, 'report.json')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/valid report \(schema 1, memhp replay, passed\)/);
    const doc = JSON.parse(readFileSync(join(good, 'report.json'), 'utf8')) as Record<string, unknown> & { counterexamples: Array<{ steps: Array<{ observation: { uninitReads: unknown } }> }> };
    writeFileSync(join(dir, 'v.json'), JSON.stringify({ ...doc, schemaVersion: 2 }));
    const bad = memhp(['report', 'check', join(dir, 'v.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^memhp: .*v\.json: schemaVersion: .*\n$/);
    const cases: Array<[string, RegExp]> = [];
    doc.counterexamples[0]!.steps[0]!.observation.uninitReads = 1.5;
    writeFileSync(join(dir, 'o.json'), JSON.stringify(doc));
    cases.push([join(dir, 'o.json'), /o\.json: counterexamples\[0\]\.steps\[0\]\.observation\.uninitReads: /]);
    writeFileSync(join(dir, 'n.json'), '{"schemaVersion": 1,');
    cases.push([join(dir, 'n.json'), /n\.json: not JSON/]);
    cases.push([join(dir, 'missing.json'), /missing\.json: no such file/]);
    for (const [f, message] of cases) {
      expect(() => readReport(f)).toThrow(UsageError);
      expect(() => readReport(f)).toThrow(message);
    }
  });

  it('an observation whose counters went below zero is still a valid report: a broken implementation shows it', () => {
    const scenario = parseScenario('profile v5.5\ngeometry x86_64\nboot 0x100000 0x3fee0000\n', 'negative.scn');
    const observed = JSON.parse(canonicalObservation(replaySteps(machineFor(scenario), [], ['reference']).initial)) as ObservationJson;
    const zone = observed.nodes[0]!.zones[1]!;
    expect(zone.name).toBe('DMA32');
    const broken = { ...observed, nodes: [{ ...observed.nodes[0]!, zones: [observed.nodes[0]!.zones[0]!, { ...zone, present: -512, managed: -512 }] }] };
    expect(observationSchema.safeParse(broken).success).toBe(true);
    expect(observationSchema.safeParse({ ...broken, uninitReads: 0.5 }).success).toBe(false);
  });
});

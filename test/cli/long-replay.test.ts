/**
 * A replay of more than 200 steps keeps the states of 100 steps only: those
 * up to the first failing step (or the last 100), so a 10k-step scenario's
 * memory and report stay bounded (docs/performance.md, "Long replays").
 * Shorter scenarios keep every state, as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memhpInProcess } from '../helpers/in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-long-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `n` steps that add and remove one DIMM in turn; step `failAt` (1-based) expects a wrong answer. */
function scenario(n: number, failAt?: number): string {
  const lines = ['profile v6.1', 'geometry x86_64', 'boot 0x100000 0x3fee0000'];
  for (let i = 1; i <= n; i++) {
    const step = i % 2 === 1 ? 'add_memory 0x100000000 128M' : 'remove_memory 0x100000000 128M';
    lines.push(`${step} -> ${i === failAt ? '-EBUSY' : 'ok'}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Report {
  status: string;
  counterexamples: Array<{ failingStep: number | null; steps: Array<{ step: string; answers: Record<string, string>; observation?: unknown }> }>;
}

async function replay(name: string, text: string): Promise<{ code: number; stdout: string; report: Report; html: string }> {
  const file = join(dir, `${name}.scn`);
  writeFileSync(file, text);
  const out = join(dir, name);
  const r = await memhpInProcess(['replay', file, '--impl', 'reference', '--out', out]);
  return { code: r.code, stdout: r.stdout, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report, html: readFileSync(join(out, 'report.html'), 'utf8') };
}

/** 1-based numbers of the steps whose state the report kept. */
const keptSteps = (r: Report): number[] => r.counterexamples[0]!.steps.flatMap((s, i) => (s.observation !== undefined ? [i + 1] : []));
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('memhp replay of a long scenario', () => {
  it('keeps the 100 states up to the first failure, every step answer, and says where states were left out', async () => {
    const r = await replay('fails', scenario(260, 230));
    expect(r.code).toBe(1);
    const cx = r.report.counterexamples[0]!;
    expect(cx.failingStep).toBe(230);
    expect(cx.steps).toHaveLength(260);
    expect(cx.steps[259]).toEqual({ step: 'remove_memory 0x100000000 128M', answers: { reference: 'ok' }, expected: 'ok' });
    expect(keptSteps(r.report)).toEqual(range(131, 230));
    expect(r.html).toContain('steps 1–130: state not kept');
    expect(r.html).toContain('steps 231–260: state not kept');
    // every step still has its line on stdout
    expect(r.stdout.split('\n').filter((l) => /^ +\d+ +line /.test(l))).toHaveLength(260);
    expect(r.stdout).toContain('memhp: failed: 1 unmet expectation(s), 0 invariant violation(s)');
  });

  it('keeps the last 100 states of a replay that passes', async () => {
    const r = await replay('passes', scenario(201));
    expect(r.code).toBe(0);
    expect(keptSteps(r.report)).toEqual(range(102, 201));
    expect(r.html).toContain('steps 1–101: state not kept');
  });

  it('keeps every state of a scenario of 200 steps', async () => {
    const r = await replay('short', scenario(200));
    expect(r.code).toBe(0);
    expect(keptSteps(r.report)).toEqual(range(1, 200));
    expect(r.html).not.toContain('state not kept');
  });
});

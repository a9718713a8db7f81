/**
 * `npm run bench [-- --only GROUP…] [-- --quick] [-- --merge]`: runs the
 * benchmark groups in one process, one after the other, so their figures are
 * ratios on the same machine; writes bench/results.json and prints a table
 * with each target met or missed by how much. With --only the figures go to
 * bench/results-GROUP.json, or with --merge into bench/results.json in place
 * of those groups' previous figures and rows (the other groups' stay, with
 * the machine and time of their own run). No figure here is asserted in npm test.
 */
import { cpus, loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GROUPS } from './groups/index.ts';
import { timed } from './measure.ts';
import type { Row } from './types.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const merge = args.includes('--merge');
const only = args.flatMap((a, i) => (args[i - 1] === '--only' ? [a] : []));
const unknown = only.filter((n) => !GROUPS.some((g) => g.name === n));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown group ${unknown.join(', ')} (known: ${GROUPS.map((g) => g.name).join(', ')})\n`);
  process.exit(2);
}

const groups: Record<string, unknown> = {};
const table: Array<Row & { group: string }> = [];
const total = timed(() => {
  for (const g of GROUPS.filter((x) => only.length === 0 || only.includes(x.name))) {
    process.stderr.write(`bench: ${g.name}…\n`);
    const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));
    const t = timed(() => g.run({ quick }));
    const load = { before: loadBefore, after: loadavg().map((x) => Number(x.toFixed(2))) };
    groups[g.name] = { describe: g.describe, cpuSeconds: Number((t.cpuMs / 1000).toFixed(1)), wallSeconds: Number((t.wallMs / 1000).toFixed(1)), loadavg: load, ...(t.value.figures as object) };
    for (const r of t.value.rows) table.push({ group: g.name, ...r });
  }
});

// The long run (npm run bench:long) takes hours: its last recorded figures are carried over.
if (existsSync('bench/long-results.json')) {
  const long = JSON.parse(readFileSync('bench/long-results.json', 'utf8')) as { steps: number; targetSteps: number; heapMaxMiB: number; heapAfterFirstChunkMiB: number; maxRssMiB: number };
  groups.long = { source: 'bench/long-results.json (npm run bench:long)', ...long, samples: undefined };
  table.push(
    { group: 'long', figure: `long differential run: steps done (of ${long.targetSteps.toLocaleString('en-US')})`, value: long.steps, unit: 'steps' },
    { group: 'long', figure: 'long differential run: heap after GC, max', value: long.heapMaxMiB, unit: 'MiB' },
    { group: 'long', figure: 'long differential run: heap after GC, after first chunk', value: long.heapAfterFirstChunkMiB, unit: 'MiB' },
    { group: 'long', figure: 'long differential run: max RSS', value: long.maxRssMiB, unit: 'MiB' },
  );
}

const results = {
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, loadavg: (await import('node:os')).loadavg() },
  quick,
  wallSeconds: Number((total.wallMs / 1000).toFixed(1)),
  cpuSeconds: Number((total.cpuMs / 1000).toFixed(1)),
  rows: table,
  groups,
};
if (only.length === 0) writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
else if (merge && existsSync('bench/results.json')) {
  const all = JSON.parse(readFileSync('bench/results.json', 'utf8')) as { rows: Array<Row & { group: string }>; groups: Record<string, unknown> };
  // each merged group keeps the machine, load and mode of the run that measured it
  for (const name of only) all.groups[name] = { ...(groups[name] as object), mergedRun: { machine: results.machine, quick, date: new Date().toISOString() } };
  const first = all.rows.findIndex((r) => only.includes(r.group));
  const kept = all.rows.filter((r) => !only.includes(r.group));
  const added = table.filter((r) => only.includes(r.group));
  all.rows = [...kept.slice(0, first < 0 ? kept.length : first), ...added, ...kept.slice(first < 0 ? kept.length : first)];
  writeFileSync('bench/results.json', `${JSON.stringify(all, null, 2)}\n`);
} else writeFileSync(`bench/results-${only.join('+')}.json`, `${JSON.stringify(results, null, 2)}\n`);

const fmt = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(v));
const w = Math.max(...table.map((r) => r.figure.length), 10);
process.stdout.write(`${'figure'.padEnd(w)}  ${'value'.padStart(12)}  ${'unit'.padEnd(10)}  target\n`);
for (const r of table) {
  const verdict = r.target === undefined ? '' : `${r.target}: ${r.met ? 'met' : `MISSED, ${r.missedBy}`}`;
  process.stdout.write(`${r.figure.padEnd(w)}  ${fmt(r.value).padStart(12)}  ${r.unit.padEnd(10)}  ${verdict}\n`);
}
process.stdout.write(`bench: ${results.wallSeconds} s wall, ${results.cpuSeconds} s CPU\n`);

/**
 * `npm run fuzz`: malformed input through memhp's entry points.
 *
 *   npm run fuzz -- --inputs 100000 --seed 7        the full budget
 *   npm run fuzz -- --seconds 60                     as many as fit in a minute
 *   npm run fuzz -- --seed 7 --only 4242             one input again, with its output
 *
 * In-process inputs run in child processes (fuzz/pool.ts) with a time
 * limit each; a sample also runs through `node bin/memhp.js`. Results go
 * to fuzz/results/ (results.json, inputs.tsv, and the inputs of every
 * finding under inputs/). docs/fuzz.md describes the tier.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import { errorLine } from '../base/error-line.ts';
import { CLASSES, CLEAN, type OutcomeClass } from './classify.ts';
import type { Answer } from './child.ts';
import { killCliProcesses, runCli, type CliOutcome } from './cli-sample.ts';
import { runInput, cliArgs, writeInput } from './entry.ts';
import { generators, makeInput } from './generators.ts';
import { inputHash, type FuzzInput } from './input.ts';
import { buildMaterial, REPO, type Material } from './material.ts';
import { runPool, type Lost } from './pool.ts';
import { Rng } from './rng.ts';

interface Options {
  inputs: number;
  seconds: number | undefined;
  seed: number;
  jobs: number;
  timeoutMs: number;
  cliSample: number;
  hugeRanges: boolean;
  out: string;
  only: number | undefined;
  cliOnly: boolean;
}

function int(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new CommanderError(2, 'fuzz.bad', `--${name} ${raw} is not an integer in ${min}..${max}`);
  return Number(raw);
}

function options(argv: readonly string[]): Options {
  const o = new Command('npm run fuzz')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(`memhp fuzz: ${errorLine(s.replace(/^error: /, '').trim())}\n`) })
    .option('--inputs <n>', 'inputs through the in-process entry points', '100000')
    .option('--seconds <s>', 'stop starting inputs after this long (whichever of the two comes first)')
    .option('--seed <n>', 'master seed (default: drawn and printed)')
    .option('--jobs <n>', 'child processes', '1')
    .option('--timeout-ms <n>', 'time limit of one in-process input', '3000')
    .option('--cli-sample <n>', 'inputs also run through node bin/memhp.js', '300')
    .option('--no-huge-ranges', 'leave out the generator of huge address ranges (the model takes long on them)')
    .option('--out <dir>', 'results directory', join(REPO, 'fuzz', 'results'))
    .option('--only <index>', 'run input <index> of --seed alone, in this process, and print it and its outcome')
    .option('--cli-only', 'only the CLI sample, spread over inputs 0..N-1 (to run beside an in-process run of the same seed)', false)
    .parse([...argv], { from: 'user' })
    .opts<{ inputs: string; seconds?: string; seed?: string; jobs: string; timeoutMs: string; cliSample: string; hugeRanges: boolean; out: string; only?: string; cliOnly: boolean }>();
  return {
    inputs: int('inputs', o.inputs, 0, 100_000_000),
    seconds: o.seconds === undefined ? undefined : int('seconds', o.seconds, 1, 10_000_000),
    seed: o.seed === undefined ? (Date.now() ^ (process.pid << 16)) >>> 1 : int('seed', o.seed, 0, 2 ** 31 - 1),
    jobs: int('jobs', o.jobs, 1, 64),
    timeoutMs: int('timeout-ms', o.timeoutMs, 100, 600_000),
    cliSample: int('cli-sample', o.cliSample, 0, 1_000_000),
    hugeRanges: o.hugeRanges,
    out: o.out,
    only: o.only === undefined ? undefined : int('only', o.only, 0, 100_000_000),
    cliOnly: o.cliOnly,
  };
}

/** Progress: a live line on a terminal, a plain line every 10 s otherwise. */
function progressLine(): (text: string, force?: boolean) => void {
  let last = 0;
  return (text, force = false) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns || 80) - 1)}${force ? '\n' : ''}`);
    else if (force || Date.now() - last >= 10_000) {
      process.stderr.write(`${text}\n`);
      last = Date.now();
    }
  };
}

const emptyCounts = (): Record<OutcomeClass, number> => Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;

interface Finding {
  readonly index: number;
  readonly hash: string;
  readonly generator: string;
  readonly hugeRange: boolean;
  readonly cls: OutcomeClass;
  readonly detail: string;
  saved?: string;
}

/** Writes an input's files and how to run it again under `dir`. */
function saveInput(input: FuzzInput, index: number, seed: number, dir: string, material: Material): string {
  writeInput(input, dir);
  const { args, env } = cliArgs(input, dir, material.failing);
  const meta = { index, seed, generator: input.generator, kind: input.kind, option: input.option, token: input.token, replayPath: input.replayPath, args, env, again: `npm run fuzz -- --seed ${seed} --only ${index}` };
  writeFileSync(join(dir, 'input.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return dir;
}

async function main(argv: readonly string[]): Promise<number> {
  let o: Options;
  try {
    o = options(argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // commander printed its own errors; a range check of ours says it here
    if (e.code === 'fuzz.bad') process.stderr.write(`memhp fuzz: ${errorLine(e.message)}\n`);
    return e.exitCode === 0 ? 0 : 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'memhp-fuzz-'));
  let stopPool: () => void = () => {};
  const cleanup = (): void => {
    stopPool();
    killCliProcesses();
    rmSync(tmp, { recursive: true, force: true });
  };
  // An uncaught exception ends the process through 'exit' too: the temporary directory goes either way.
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      cleanup();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
  try {
    process.stderr.write(`memhp fuzz: seed ${o.seed}${o.only !== undefined ? `, input ${o.only}` : `, ${o.inputs} inputs${o.seconds !== undefined ? ` or ${o.seconds} s` : ''}, ${o.jobs} job(s), ${o.timeoutMs} ms each${o.hugeRanges ? '' : ', no huge ranges'}`}\n`);
    const material = buildMaterial(join(tmp, 'material'));
    const gens = generators(o.hugeRanges);
    const inputAt = (index: number): FuzzInput => makeInput(Rng.forInput(o.seed, index), material, gens);
    if (o.only !== undefined) return only(inputAt(o.only), o, tmp, material);

    const started = Date.now();
    const show = progressLine();
    const counts = emptyCounts();
    const byGenerator: Record<string, Record<OutcomeClass, number>> = {};
    const rows: Array<[number, string, string, OutcomeClass]> = [];
    const findings: Finding[] = [];
    let next = 0;
    let finished = 0;
    let lastPartial = Date.now();
    const record = (index: number, hash: string, generator: string, hugeRange: boolean, cls: OutcomeClass, detail: string): void => {
      counts[cls]++;
      (byGenerator[generator] ??= emptyCounts())[cls]++;
      rows.push([index, hash, generator, cls]);
      if (!CLEAN.has(cls)) findings.push({ index, hash, generator, hugeRange, cls, detail });
      finished++;
      const bad = finished - counts.answered - counts['one-line error'];
      show(`memhp fuzz: ${finished}/${o.inputs} inputs, ${bad} finding(s), ${Math.round((Date.now() - started) / 1000)} s`);
      // A run stopped before its end (a signal, a loaded machine) still leaves its figures so far.
      if (Date.now() - lastPartial >= 60_000) {
        lastPartial = Date.now();
        mkdirSync(o.out, { recursive: true });
        const partial = { seed: o.seed, inputs: finished, seconds: Math.round((Date.now() - started) / 1000), counts, byGenerator, findings: [...findings].sort((a, b) => a.index - b.index) };
        writeFileSync(join(o.out, 'results.partial.json'), `${JSON.stringify(partial, null, 2)}\n`);
      }
    };
    const pool = o.cliOnly ? { done: Promise.resolve(), stop: () => {} } : runPool(
      { jobs: o.jobs, timeoutMs: o.timeoutMs, material, seed: o.seed, withHugeRanges: o.hugeRanges, dir: join(tmp, 'pool'), heapMb: 1024 },
      () => (next < o.inputs && (o.seconds === undefined || Date.now() - started < o.seconds * 1000) ? next++ : undefined),
      (a: Answer) => record(a.index, a.hash, a.generator, a.hugeRange, a.cls, errorLine(a.stderr.split('\n').slice(0, 3).join('\n')).slice(0, 300)),
      (l: Lost) => {
        const input = inputAt(l.index);
        record(l.index, inputHash(input), input.generator, input.hugeRange === true, l.cls, l.how);
      },
    );
    stopPool = pool.stop;
    await pool.done;
    stopPool = () => {};
    rows.sort((a, b) => a[0] - b[0]);
    findings.sort((a, b) => a.index - b.index);
    if (!o.cliOnly) show(`memhp fuzz: ${finished} inputs in ${Math.round((Date.now() - started) / 1000)} s`, true);
    mkdirSync(o.out, { recursive: true });
    const saved = join(o.out, 'inputs');
    const digest = createHash('sha256').update(rows.map((r) => r[1]).join('\n')).digest('hex');
    const hugeTimeouts = findings.filter((f) => f.cls === 'timeout' && f.hugeRange).length;
    const inProcess = {
      seed: o.seed,
      inputs: rows.length,
      timeoutMs: o.timeoutMs,
      hugeRanges: o.hugeRanges,
      counts,
      findings: rows.length - counts.answered - counts['one-line error'],
      hugeRangeTimeouts: hugeTimeouts,
      inputsDigest: digest,
      byGenerator: Object.fromEntries(Object.entries(byGenerator).sort(([a], [b]) => a.localeCompare(b))),
      list: findings,
    };
    // Written before the CLI sample starts: the in-process figures do not wait for it.
    if (!o.cliOnly) {
      rmSync(join(o.out, 'results.partial.json'), { force: true });
      writeFileSync(join(o.out, 'results.json'), `${JSON.stringify(inProcess, null, 2)}\n`);
      // Every finding's input, saved so it can be replayed (at most 200; the rest are counted).
      rmSync(saved, { recursive: true, force: true });
      for (const f of findings.slice(0, 200)) {
        try {
          f.saved = relative(o.out, saveInput(inputAt(f.index), f.index, o.seed, join(saved, `${f.index}-${f.hash}`), material));
        } catch (e) {
          f.saved = `not saved: ${errorLine(e instanceof Error ? e.message : String(e)).slice(0, 200)}`;
        }
      }
      writeFileSync(join(o.out, 'results.json'), `${JSON.stringify(inProcess, null, 2)}\n`);
      writeFileSync(join(o.out, 'inputs.tsv'), `index\thash\tgenerator\tclass\n${rows.map((r) => r.join('\t')).join('\n')}\n`);
    }

    // The CLI sample: evenly spaced over the inputs run, the same for the same seed and count.
    const span = o.cliOnly ? o.inputs : rows.length;
    const sampleIdx = Array.from({ length: Math.min(o.cliSample, span) }, (_, k) => Math.floor((k * span) / Math.min(o.cliSample, span)));
    const cliCounts = emptyCounts();
    const cliFindings: Array<{ index: number; cls: OutcomeClass; code: number | null; signal: string | null; stderr: string }> = [];
    let cursor = 0;
    let cliDone = 0;
    const cliStarted = Date.now();
    const cliFile = join(o.out, 'cli-results.json');
    const cliWorker = async (w: number): Promise<void> => {
      for (;;) {
        // --cli-only takes --seconds for the sample (in a full run the sample follows the in-process budget).
        if (o.cliOnly && o.seconds !== undefined && Date.now() - cliStarted >= o.seconds * 1000) return;
        const k = cursor++;
        if (k >= sampleIdx.length) return;
        const index = sampleIdx[k]!;
        const r: CliOutcome = await runCli(inputAt(index), join(tmp, `cli-${w}`), material.failing, o.timeoutMs + 20_000);
        cliCounts[r.cls]++;
        if (!CLEAN.has(r.cls)) cliFindings.push({ index, cls: r.cls, code: r.code, signal: r.signal, stderr: errorLine(r.stderr).slice(0, 300) });
        show(`memhp fuzz: CLI sample ${++cliDone}/${sampleIdx.length}, ${cliFindings.length} finding(s)`);
        // The sample is slow (a process each): what is done so far is on disk at every step.
        if (o.cliOnly) writeFileSync(cliFile, `${JSON.stringify({ seed: o.seed, inputs: cliDone, counts: cliCounts, findings: cliFindings }, null, 2)}\n`);
      }
    };
    await Promise.all(Array.from({ length: o.jobs }, (_, w) => cliWorker(w)));
    cliFindings.sort((a, b) => a.index - b.index);
    if (sampleIdx.length > 0) show(`memhp fuzz: CLI sample: ${cliDone} inputs`, true);

    for (const f of cliFindings) {
      if (!existsSync(join(saved, `cli-${f.index}`))) saveInput(inputAt(f.index), f.index, o.seed, join(saved, `cli-${f.index}`), material);
    }
    const cli = { seed: o.seed, inputs: cliDone, counts: cliCounts, findings: cliFindings };
    if (o.cliOnly) writeFileSync(cliFile, `${JSON.stringify(cli, null, 2)}\n`);
    else writeFileSync(join(o.out, 'results.json'), `${JSON.stringify({ ...inProcess, cli }, null, 2)}\n`);
    const line = (c: Record<OutcomeClass, number>): string => CLASSES.filter((k) => c[k] > 0).map((k) => `${k} ${c[k]}`).join(', ');
    if (!o.cliOnly) process.stdout.write(`in-process: ${rows.length} inputs: ${line(counts)}${hugeTimeouts > 0 ? ` (${hugeTimeouts} of the timeouts on huge ranges)` : ''}\n`);
    process.stdout.write(`CLI sample: ${cliDone} inputs: ${line(cliCounts)}\n`);
    process.stdout.write(`results: ${join(o.out, o.cliOnly ? 'cli-results.json' : 'results.json')}  (seed ${o.seed})\n`);
    const bad = inProcess.findings - hugeTimeouts + cliFindings.length;
    return bad === 0 ? 0 : 1;
  } finally {
    cleanup();
  }
}

/** --only: one input in this process, shown in full. */
function only(input: FuzzInput, o: Options, tmp: string, material: Material): number {
  const dir = join(tmp, 'only');
  const r = runInput(input, dir, material.failing);
  const files = Object.entries(input.files).map(([n, c]) => `${n} (${c.length} ${typeof c === 'string' ? 'characters' : 'bytes'})`);
  process.stdout.write(`input ${o.only} of seed ${o.seed}: ${input.generator} (${input.kind}${input.option !== undefined ? ` --${input.option}` : ''}), hash ${inputHash(input)}\n`);
  process.stdout.write(`files: ${files.join(', ') || 'none'}${input.token !== undefined ? `; token ${errorLine(JSON.stringify(input.token)).slice(0, 200)}` : ''}\n`);
  process.stdout.write(`exit ${r.code}; stderr:\n${r.stderr}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

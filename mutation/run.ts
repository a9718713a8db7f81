/**
 * npm run mutation: Stryker over model/optimized in batches of files, each
 * batch's verdicts written to mutation/results/ as soon as it ends, so an
 * interrupted run keeps what it finished and the next run goes on from there.
 * A file whose stored result matches its content hash is not run again
 * (--force runs it anyway). The score is computed by mutation/score.ts.
 * However it ends (done, a failed batch, SIGINT or SIGTERM), it leaves no
 * Stryker sandbox and no temporary file behind (mutation/leftovers.ts).
 *
 *   npm run mutation [-- --files a.ts,b.ts] [--concurrency N] [--batch N (files, default 2)] [--force]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fileResults } from './from-stryker.ts';
import { prepareRun, removeRunLeftovers, type RunLeftovers } from './leftovers.ts';
import { hasRuntimeCode } from './type-only.ts';
import { resultPath, sourceHash, type FileResult } from './results-format.ts';

const root = process.cwd();
const MUTATED_DIR = 'model/optimized';
const BATCH_REPORT = 'reports/mutation/batch.json';
// passed to Stryker, whatever stryker.config.mjs says, so that the sandboxes removed are the ones it made
const SANDBOXES = '.stryker-tmp';
/** How long Stryker gets to end after SIGTERM before its process group is killed. */
const STOP_GRACE_MS = 10_000;

let leftovers: RunLeftovers | undefined;
function cleanUp(): void {
  if (leftovers !== undefined) removeRunLeftovers(leftovers);
  leftovers = undefined;
}

function fail(message: string): never {
  cleanUp();
  process.stderr.write(`memhp mutation: ${message}\n`);
  process.exit(2);
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []))
    .sort();
}

function upToDate(file: string): boolean {
  const path = resultPath(root, file);
  if (!existsSync(path)) return false;
  const stored = JSON.parse(readFileSync(path, 'utf8')) as FileResult;
  return stored.sha256 === sourceHash(root, file);
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) fail(`--${name} ${JSON.stringify(raw)} is not a positive integer`);
  return Number(raw);
}

let args;
try {
  args = parseArgs({
    options: { files: { type: 'string' }, concurrency: { type: 'string' }, batch: { type: 'string' }, force: { type: 'boolean', default: false } },
    strict: true,
  }).values;
} catch (e) {
  fail(e instanceof Error ? e.message.split('\n')[0]! : String(e));
}

const all = sources(MUTATED_DIR);
const asked = args.files === undefined ? all : args.files.split(',').map((f) => relative(root, join(root, f.trim())));
for (const f of asked) if (!all.includes(f)) fail(`${f} is not a source file under ${MUTATED_DIR}/`);
const concurrency = positiveInt('concurrency', args.concurrency, 1);
const batchSize = positiveInt('batch', args.batch, 2);
const todo = asked.filter((f) => args.force || !upToDate(f));
process.stdout.write(`memhp mutation: ${todo.length} of ${asked.length} files to measure (${asked.length - todo.length} up to date)\n`);

let child: ReturnType<typeof spawn> | undefined;
let childEnded: Promise<unknown> = Promise.resolve();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`memhp mutation: interrupted; finished batches are kept in mutation/results/\n`);
    // Stryker runs under npx in its own process group: stop all of it, then take its sandbox
    const group = child?.exitCode === null && child.signalCode === null ? child.pid : undefined;
    const killGroup = (sig: NodeJS.Signals): void => {
      try {
        if (group !== undefined) process.kill(-group, sig);
      } catch {
        // the group has ended already
      }
    };
    killGroup('SIGTERM');
    const force = setTimeout(() => killGroup('SIGKILL'), STOP_GRACE_MS);
    void childEnded.then(() => {
      clearTimeout(force);
      // test-runner processes of the group may outlive npx by a moment: none may write into what is removed
      killGroup('SIGKILL');
      cleanUp();
      process.exit(130);
    });
  });
}

function runBatch(files: readonly string[], tmpRoot: string): Promise<number> {
  return new Promise((resolve) => {
    child = spawn('npx', ['stryker', 'run', '--mutate', files.join(','), '--concurrency', String(concurrency), '--tempDirName', SANDBOXES], {
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
      // the kill set's temporary files go under the run's own TMPDIR, removed with it
      env: { ...process.env, MEMHP_MUTATION_JSON: BATCH_REPORT, TMPDIR: tmpRoot },
    });
    childEnded = new Promise((ended) => child!.on('exit', ended));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

mkdirSync(join(root, 'mutation/results'), { recursive: true });
// a file of types alone has no mutant, and Stryker refuses to run without one: it is measured as empty
const today = new Date().toISOString().slice(0, 10);
for (const f of todo.filter((file) => !hasRuntimeCode(readFileSync(join(root, file), 'utf8')))) {
  const empty: FileResult = { file: f, sha256: sourceHash(root, f), measured: today, mutants: [] };
  writeFileSync(resultPath(root, f), `${JSON.stringify(empty, null, 1)}\n`);
  process.stdout.write(`memhp mutation: ${f} has no code once its types are erased: no mutants\n`);
}
const withCode = todo.filter((file) => hasRuntimeCode(readFileSync(join(root, file), 'utf8')));
for (let i = 0; i < withCode.length; i += batchSize) {
  const files = withCode.slice(i, i + batchSize);
  process.stdout.write(`memhp mutation: batch ${i / batchSize + 1} of ${Math.ceil(withCode.length / batchSize)}: ${files.join(' ')}\n`);
  leftovers = prepareRun(root, SANDBOXES);
  const code = await runBatch(files, leftovers.tmpRoot);
  if (stopping) await new Promise(() => undefined); // the signal handler cleans up and exits
  cleanUp();
  if (code !== 0) fail(`Stryker exited with ${code} on ${files.join(',')}; results of earlier batches are kept`);
  const measured = new Date().toISOString().slice(0, 10);
  const results = fileResults(JSON.parse(readFileSync(join(root, BATCH_REPORT), 'utf8')), (f) => sourceHash(root, f), measured);
  for (const r of results) writeFileSync(resultPath(root, r.file), `${JSON.stringify(r, null, 1)}\n`);
  process.stdout.write(`memhp mutation: wrote ${results.length} result files\n`);
}
process.stdout.write('memhp mutation: done; npm run mutation:score for the score\n');

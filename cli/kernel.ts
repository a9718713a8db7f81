/**
 * `memhp kernel`, `memhp kernel-recorded`, `memhp kernel-campaign`: the real
 * kernels in QEMU as oracles (oracle/). Async commands: each sets
 * process.exitCode itself when it ends.
 */
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../base/usage-error.ts';
import { parseScenario } from '../scenario/index.ts';
import { compareRecord, type Comparison } from '../oracle/compare.ts';
import { devdaxRanges, inexpressible } from '../oracle/expressible.ts';
import { pmemModules } from '../oracle/pmem-modules.ts';
import { virtioMemModules } from '../oracle/virtio-mem-guest.ts';
import { differenceKey, KNOWN_FILE, loadKnown, loadRecordings, toKnown, type KnownDifference } from '../oracle/known.ts';
import { kernelImage, MissingPrerequisite, parseKernelChoice, requireBusybox, requireQemu, requireSetpriv, resolveKernel, type KernelImage, type KernelSeries } from '../oracle/kernels.ts';
import { fileKernelConfig, requireOptions } from '../oracle/image-config.ts';
import { GuestFailure } from '../oracle/vm.ts';
import { MAX_COLUMNS, wrapLine } from './wrap.ts';
import { CORPUS_DIR, RECORDED_DIR } from '../oracle/paths.ts';
import type { KernelRecord } from '../oracle/record.ts';
import { RELEASE_PROFILES } from '../oracle/release-profiles.ts';
import { recordScenario } from '../oracle/run-kernel.ts';
import { runCampaign } from '../oracle/campaign.ts';
import { CAMPAIGN_SURFACES, type CampaignSurface } from '../oracle/campaign-configs.ts';
import { classify } from '../oracle/known-classes.ts';
import { kernelDiff, printKernelDiff } from '../oracle/kernel-diff.ts';
import { predict } from '../oracle/kernel-diff-predict.ts';
import { KERNEL_SERIES } from '../oracle/kernels.ts';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, errorLine, reportError } from './errors.ts';
import { collect, intOption } from './options.ts';
import { readUserFile } from '../base/read-file.ts';
import { registerAuditCommand } from './audit.ts';
import { formatOption } from './format.ts';
import { campaignKtap, kernelKtap } from './kernel-ktap.ts';
import { jobProgress } from './progress.ts';
import type { SequenceResult } from '../oracle/campaign.ts';

interface KernelOptions {
  kernel?: string;
  image: string[];
  modules?: string;
  config?: string;
  json: boolean;
  record: boolean;
  profile?: string;
  format: string;
  bootTimeout: string;
}

function surfaceList(text: string): CampaignSurface[] {
  const words = text.split(',').map((w) => w.trim());
  const bad = words.find((w) => !(CAMPAIGN_SURFACES as readonly string[]).includes(w));
  if (bad !== undefined) throw new UsageError(`--surface ${text}: unknown surface "${bad}" (${CAMPAIGN_SURFACES.join(', ')})`);
  return [...new Set(words)] as CampaignSurface[];
}

function series(text: string): KernelSeries[] {
  const s = parseKernelChoice(text);
  if (typeof s === 'string') throw new UsageError(s);
  return s;
}

/**
 * Checks the host before any boot: one line naming the package or command, exit 2.
 * The kernels asked for come first, so that answer does not depend on the host's tools.
 */
function prerequisites(list: readonly KernelSeries[]): void {
  for (const s of list) kernelImage(s);
  requireQemu();
  requireSetpriv();
  requireBusybox();
}

function refuseImage(path: string): never {
  throw new UsageError(`--image ${path}: no such file`);
}

/**
 * The kernels a command runs: `--kernel` series and `--image` files (default
 * 6.1 when neither is given), each resolved and checked before any boot, with
 * one line on stderr saying which profile it is held to and why.
 */
function kernelsOf(o: { kernel?: string; image: string[]; modules?: string; config?: string; profile?: string }): KernelImage[] {
  if ((o.modules !== undefined || o.config !== undefined) && o.image.length === 0) {
    throw new UsageError(`${o.modules !== undefined ? '--modules' : '--config'} goes with --image (the stock kernels' are known)`);
  }
  const list = o.kernel !== undefined || o.image.length === 0 ? series(o.kernel ?? '6.1') : [];
  const prof = o.profile !== undefined ? { profile: o.profile } : {};
  const kernels = [
    ...list.map((s) => resolveKernel(s, prof)),
    ...o.image.map((p) => resolveKernel(existsSync(p) ? p : refuseImage(p), { ...prof, ...(o.modules !== undefined ? { modules: o.modules } : {}), ...(o.config !== undefined ? { config: o.config } : {}) })),
  ];
  prerequisites([]);
  for (const k of kernels) {
    requireOptions(k, fileKernelConfig(k));
    if (k.series === undefined || o.profile !== undefined) {
      process.stderr.write(`memhp: ${k.name} (${k.release}): profile ${k.profile} (${k.profileWhy ?? ''})\n`);
    }
  }
  return kernels;
}

/** A scenario's profile line and expected answers are the model's business (memhp replay); said once, not silently dropped. */
function noteIgnored(path: string, scenario: ReturnType<typeof parseScenario>): void {
  const expected = scenario.steps.filter((s) => s.expect !== undefined).length;
  const parts = [
    ...(scenario.profile !== undefined ? [`its profile line (${scenario.profile})`] : []),
    ...(expected > 0 ? [`its ${expected} expected answer${expected === 1 ? '' : 's'}`] : []),
  ];
  if (parts.length === 0) return;
  process.stderr.write(
    `${wrapLine(`memhp: note: ${path}: ${parts.join(' and ')} not used here: a real kernel is held to the profile of its release (or --profile) and compared with the model step by step; \`memhp replay\` checks expectations`)}\n`,
  );
}

function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.scn'))
    .sort()
    .map((f) => join(CORPUS_DIR, f));
}

const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));

function printComparison(rec: KernelRecord, c: Comparison, known: ReadonlySet<string>): number {
  const out = { write: (text: string): void => void process.stdout.write(text.split('\n').map((l) => wrapLine(l)).join('\n')) };
  out.write(
    `memhp kernel ${rec.scenario}  kernel ${rec.series} (${rec.release})  profile ${c.profile}  qemu ${rec.qemu} ${rec.accel}  boot ${(rec.bootMs / 1000).toFixed(1)} s\n`,
  );
  out.write(`  cmdline: ${rec.cmdline}\n`);
  let unknown = 0;
  const mark = (d: Comparison['disagreements'][number]): string => {
    const isKnown = known.has(differenceKey({ series: rec.series, profile: c.profile, scenario: rec.scenario, ...d }));
    if (!isKnown) unknown++;
    return isKnown ? 'known' : '✗';
  };
  for (const d of c.boot) out.write(`        ${mark(d)} after boot, ${d.what}: kernel "${d.kernel}"  model "${d.model}"\n`);
  for (const r of c.rows) {
    const answerDiff = r.disagreements.find((d) => d.what === 'answer');
    const flag = r.latitude !== undefined ? `~ ${r.latitude}` : answerDiff !== undefined ? `${mark(answerDiff)} answer` : '';
    const head = `  ${String(r.step).padStart(3)}  line ${pad(String(r.line), 4)} ${pad(r.text, 34)} `;
    const row = `${head}kernel ${pad(r.kernel, 16)} model ${pad(r.model, 16)}${flag}`;
    // Long state answers (zone rows) put the model's answer under the kernel's.
    if (row.trimEnd().length <= MAX_COLUMNS) out.write(`${row.trimEnd()}\n`);
    else out.write(`${head}kernel ${r.kernel}\n${' '.repeat(head.length)}model  ${r.model}${flag ? `  ${flag}` : ''}\n`);
    if (r.note !== undefined) out.write(`        (${r.note})\n`);
    for (const d of r.disagreements.filter((x) => x.what !== 'answer')) {
      out.write(`        ${mark(d)} ${d.what}: kernel "${d.kernel}"  model "${d.model}"\n`);
    }
  }
  const lat = c.rows.filter((r) => r.latitude !== undefined).length;
  out.write(
    `memhp: ${rec.series} ${rec.scenario}: ${c.rows.length} steps, ${c.disagreements.length} disagreements (${c.disagreements.length - unknown} known), ${lat} declared nondeterministic outcomes\n\n`,
  );
  return unknown;
}

async function kernelCommand(files: string[], o: KernelOptions): Promise<number> {
  const format = o.json ? 'json' : formatOption(o.format, ['text', 'ktap', 'json']);
  const useCorpus = files.length === 0;
  const paths = useCorpus ? corpusFiles() : files;
  const parsed = paths.map((p) => {
    const source = readUserFile(p);
    const scenario = parseScenario(source, p);
    const problems = inexpressible(scenario);
    if (problems.length > 0) throw new UsageError(`${p}: not expressible on a real kernel: ${problems.join('; ')}`);
    return { name: basename(p).replace(/\.scn$/, ''), path: p, source, scenario };
  });
  const bootTimeoutMs = intOption('boot-timeout', o.bootTimeout, 1, 3600) * 1000;
  const kernels = kernelsOf(o);
  // The default corpus leaves its legacy-PMEM files out on an image kernel (its nd_pmem may be
  // built in and bind every namespace at boot); a file named on the command line is refused there.
  const runsOn = (image: KernelImage): typeof parsed => (useCorpus && image.series === undefined ? parsed.filter((p) => p.scenario.pmem === undefined) : parsed);
  // legacy PMEM needs each kernel's libnvdimm modules: missing ones are one line before any boot
  // (and, for a file with dax kmem steps, the dax and kmem modules too)
  for (const k of kernels) {
    const pmem = runsOn(k).filter((p) => p.scenario.pmem !== undefined);
    if (pmem.some((p) => devdaxRanges(p.scenario).length === 0)) pmemModules(k);
    if (pmem.some((p) => devdaxRanges(p.scenario).length > 0)) pmemModules(k, true);
  }
  // so does virtio-mem each stock kernel's virtio_mem module (an image builds it in: oracle/kconfig/memhp.config)
  for (const k of kernels) if (runsOn(k).some((p) => p.scenario.virtioMem !== undefined)) virtioMemModules(k);
  // After every input was checked: bad input is one line, without a note before it.
  if (!useCorpus) for (const p of parsed) noteIgnored(p.path, p.scenario);
  for (const k of kernels) {
    const left = parsed.filter((p) => !runsOn(k).includes(p)).map((p) => p.name);
    if (left.length > 0) process.stderr.write(`memhp: note: ${k.name}: ${left.length} corpus files need a stock kernel (config pmem), left out: ${left.join(', ')}\n`);
  }
  const known = new Set(loadKnown().map(differenceKey));
  const records: Array<{ record: KernelRecord; comparison: Comparison }> = [];
  let unknown = 0;
  const bar = jobProgress();
  const total = kernels.reduce((n, k) => n + runsOn(k).length, 0);
  try {
    for (const image of kernels) {
      const profile = image.profile;
      for (const p of runsOn(image)) {
        const at = `kernel ${image.name}: scenario ${records.length + 1}/${total} ${p.name}`;
        bar.update(`${at}: booting`);
        const record = await recordScenario(image, p.name, p.source, p.scenario, {
          onStep: (i) => bar.update(`${at}: step ${i + 1}/${p.scenario.steps.length}`),
          boot: { bootTimeoutMs },
        });
        bar.done();
        const comparison = compareRecord(record, profile);
        records.push({ record, comparison });
        if (o.record) {
          // An image's recordings go beside the stock kernels', in a folder named after its release, never into theirs.
          const dir = join(RECORDED_DIR, image.series ?? image.release);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, `${p.name}.json`), `${JSON.stringify(record, null, 1)}\n`);
        }
        if (format === 'text') unknown += printComparison(record, comparison, known);
        else unknown += comparison.disagreements.filter((d) => !known.has(differenceKey({ series: image.name, profile, scenario: p.name, ...d }))).length;
      }
    }
  } finally {
    bar.done();
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(records, null, 1)}\n`);
  else if (format === 'ktap') {
    process.stdout.write(kernelKtap(records, (r, c, d) => known.has(differenceKey({ series: r.series, profile: c.profile, scenario: r.scenario, ...d }))));
  }
  else process.stdout.write(`memhp: ${records.length} runs, ${unknown} disagreements not in ${basename(KNOWN_FILE)}\n`);
  return unknown === 0 ? EXIT_OK : EXIT_FAILED;
}

/** Every committed recording against the model; `write` regenerates the known-differences list. */
export function recordedDifferences(): { found: KnownDifference[]; known: KnownDifference[] } {
  const known = loadKnown();
  const explanations = new Map(known.map((k) => [differenceKey(k), k.explanation]));
  const found: KnownDifference[] = [];
  for (const rec of loadRecordings()) {
    const profile = RELEASE_PROFILES[rec.series];
    const c = compareRecord(rec, profile);
    const config = parseScenario(rec.source, rec.scenario).config.map((l) => `config ${l.key} ${l.value}`);
    // The first difference of a recording names the cause; later ones without a class of their own follow from it.
    let cause: string | undefined;
    for (const d of c.disagreements) {
      const k = toKnown(rec.series, profile, rec.scenario, d);
      const cls = classify(d, config);
      const derived =
        cls !== undefined ? `${cls.id}: ${cls.explanation}` : cause !== undefined ? `follows from ${cause}` : undefined;
      if (cls !== undefined && cause === undefined) cause = `line ${d.line} (${cls.id})`;
      found.push({ ...k, explanation: explanations.get(differenceKey(k)) ?? derived ?? 'unexplained' });
    }
  }
  return { found, known };
}

function recordedCommand(o: { write: boolean }): number {
  const { found, known } = recordedDifferences();
  const knownKeys = new Set(known.map(differenceKey));
  const foundKeys = new Set(found.map(differenceKey));
  for (const f of found) {
    process.stdout.write(
      `${knownKeys.has(differenceKey(f)) ? 'known' : 'NEW  '} ${f.series} ${f.profile} ${f.scenario}:${f.line} ${f.text} — ${f.what}: kernel "${f.kernel}" model "${f.model}"\n`,
    );
  }
  const stale = known.filter((k) => !foundKeys.has(differenceKey(k)));
  for (const s of stale) process.stdout.write(`gone  ${s.series} ${s.scenario}:${s.line} ${s.what}: kernel "${s.kernel}" model "${s.model}"\n`);
  const fresh = found.filter((f) => !knownKeys.has(differenceKey(f)));
  if (o.write) {
    writeFileSync(KNOWN_FILE, `${JSON.stringify(found, null, 1)}\n`);
    process.stdout.write(`memhp: wrote ${found.length} differences to ${KNOWN_FILE}\n`);
    return EXIT_OK;
  }
  process.stdout.write(`memhp: ${found.length} differences, ${fresh.length} new, ${stale.length} gone\n`);
  return fresh.length === 0 && stale.length === 0 ? EXIT_OK : EXIT_FAILED;
}

function finish(p: Promise<number>): void {
  p.then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof MissingPrerequisite || e instanceof GuestFailure) {
        // A kernel that never gets ready is a property of the kernel given: one line, exit 2 (the console tail with MEMHP_DEBUG).
        process.stderr.write(`memhp: ${errorLine(e.message)}\n`);
        if (e instanceof GuestFailure && process.env.MEMHP_DEBUG && e.consoleTail !== '') process.stderr.write(`${e.consoleTail}\n`);
        process.exitCode = EXIT_BAD_INPUT;
      } else process.exitCode = reportError(e);
    },
  );
}

export function registerKernelCommands(cli: Command): void {
  registerAuditCommand(cli, finish);
  cli
    .command('kernel')
    .description('run scenario files (default: the oracle corpus) on real Linux kernels in QEMU and compare each step with the model')
    .argument('[files...]', 'scenario files (default: oracle/corpus/*.scn)')
    .option('--kernel <which>', '5.10, 6.1, 6.12, 7.3, a comma list, or all (default 6.1 without --image)')
    .option('--image <path>', 'an x86_64 bzImage to boot (repeatable), e.g. from memhp kernel-build', collect, [])
    .option('--modules <dir>', 'a lib/modules/<release> tree copied into the guest initramfs (with --image)')
    .option('--config <file>', 'the image\'s .config (default: .config beside it, else /proc/config.gz at boot)')
    .option('--profile <name>', 'hold every kernel to this profile instead of its release\'s')
    .option('--json', 'print the full records (release, QEMU, command line, every answer and state) as JSON', false)
    .option('--record', 'write each run to oracle/recorded/<series or image release>/<name>.json', false)
    .option('--format <fmt>', 'text, ktap (one KTAP test point per kernel × scenario) or json (as --json)', 'text')
    .option('--boot-timeout <seconds>', 'how long a guest may take to boot to its init before the run gives up on it (TCG on a loaded host: up to a minute or more)', '90')
    .action((files: string[], o: KernelOptions) => finish(Promise.resolve().then(() => kernelCommand(files, o))));

  cli
    .command('kernel-recorded')
    .description('hold every committed kernel recording against the model (no QEMU); --write regenerates the known-differences list')
    .option('--write', 'write oracle/recorded/known-differences.json (explanations kept)', false)
    .action((o: { write: boolean }) => finish(Promise.resolve().then(() => recordedCommand(o))));

  cli
    .command('kernel-diff')
    .description('every corpus step where two real kernels answered differently (from the recordings, no QEMU): 5.10 → 6.1 → 6.12 → 7.3')
    .action(() =>
      finish(
        Promise.resolve().then(() => {
          const recs = loadRecordings();
          for (let i = 0; i + 1 < KERNEL_SERIES.length; i++) {
            const a = KERNEL_SERIES[i] as KernelSeries;
            const b = KERNEL_SERIES[i + 1] as KernelSeries;
            const older = recs.filter((r) => r.series === a);
            const newer = recs.filter((r) => r.series === b);
            const d = kernelDiff(older, newer);
            const p = predict(d, older, newer, RELEASE_PROFILES[a], RELEASE_PROFILES[b]);
            process.stdout.write(`${printKernelDiff(a, b, p.entries, p, RELEASE_PROFILES[a], RELEASE_PROFILES[b])}\n`);
          }
          return EXIT_OK;
        }),
      ),
    );

  cli
    .command('kernel-campaign')
    .description('random sequences of expressible steps on a real kernel, each step compared with the model')
    .option('--kernel <which>', '5.10, 6.1, 6.12, 7.3, a comma list, or all (default 6.1 without --image)')
    .option('--image <path>', 'an x86_64 bzImage to boot (repeatable), e.g. from memhp kernel-build', collect, [])
    .option('--modules <dir>', 'a lib/modules/<release> tree copied into the guest initramfs (with --image)')
    .option('--config <file>', 'the image\'s .config (default: .config beside it, else /proc/config.gz at boot)')
    .option('--seed <n>', 'seed', '1')
    .option('--sequences <n>', 'random sequences per kernel', '20')
    .option('--steps <n>', 'steps per sequence', '12')
    .option('--surface <list>', `only the configurations of these surfaces (comma list of ${CAMPAIGN_SURFACES.join(', ')}; default all)`)
    .option('--profile <name>', 'hold every kernel to this profile instead of its release\'s')
    .option('--out <dir>', 'write the report (report.json and failing sequences) there')
    .option('--format <fmt>', 'text or ktap (one KTAP test point per kernel × sequence; the text lines go to stderr)', 'text')
    .option('--jobs <n>', 'guests at once, each running one kernel × configuration\'s sequences (default: the number of cores); the results do not depend on it')
    .action((o: { kernel?: string; image: string[]; modules?: string; config?: string; seed: string; sequences: string; steps: string; surface?: string; profile?: string; out?: string; format: string; jobs?: string }) =>
      finish(
        Promise.resolve().then(async () => {
          const format = formatOption(o.format, ['text', 'ktap']);
          const surfaces = o.surface === undefined ? undefined : surfaceList(o.surface);
          const jobs = o.jobs !== undefined ? intOption('jobs', o.jobs, 1, 64) : availableParallelism();
          const kernels = kernelsOf(o);
          const seed = intOption('seed', o.seed, 0, 2 ** 31 - 1);
          const bar = jobProgress();
          const results: SequenceResult[] = [];
          const toStdout = format === 'text';
          try {
            const code = await runCampaign({
              status: (t) => bar.update(t),
              log: (l) => (toStdout ? (bar.done(), process.stdout.write(`${l}\n`)) : bar.note(l)),
              onSequence: (r) => results.push(r),
              images: kernels,
              seed,
              sequences: intOption('sequences', o.sequences, 1, 100_000),
              steps: intOption('steps', o.steps, 1, 1000),
              jobs,
              ...(surfaces !== undefined ? { surfaces } : {}),
              ...(o.profile !== undefined ? { profile: o.profile } : {}),
              ...(o.out !== undefined ? { out: o.out } : {}),
            });
            bar.done();
            if (format === 'ktap') process.stdout.write(campaignKtap(results, seed));
            return code;
          } finally {
            bar.done();
          }
        }),
      ),
    );
}

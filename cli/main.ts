/**
 * The `memhp` command line: thin subcommands over the engine, properties
 * and reports. Exit codes: 0 success, 1 a check or expectation failed,
 * 2 bad input (one line on stderr), 3 an internal error.
 */
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { drawSeed } from '../engine/draw-seed.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_NUM_RUNS, resolveFixedRunSettings } from '../properties/settings.ts';
import { toolVersion } from '../reports/versions.ts';
import { EXIT_BAD_INPUT, errorLine, reportError } from './errors.ts';
import { bugOptions, collect, implOption, intOption, pathOption, replayPathOption } from './options.ts';
import { registerKernelCommands } from './kernel.ts';
import { registerKernelBuild } from './kernel-build.ts';
import { profilesCommand } from './profiles.ts';
import { regressionsCommand } from './regressions.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { DIFF_DEFAULTS, diffCommand } from './diff.ts';
import { reportCheckCommand } from './report-check.ts';
import { formatOption } from './format.ts';
import { ruleTableCommand } from './rule-table.ts';
import { reportMergeCommand } from './report-merge.ts';
import { parseShard } from '../engine/shard.ts';
import { parseGeneration } from '../engine/generation.ts';
import { failuresDirFrom } from '../engine/failure-db.ts';
import { failuresClearCommand, failuresListCommand } from './failures.ts';
import { checkCommandPath } from './command-path.ts';
import { supervise, supervises } from './supervise.ts';

/** The command tree; scripts/docs/cli-reference.ts walks it to write docs/reference/cli.md. */
export function program(setExit: (code: number) => void): Command {
  const cli = new Command('memhp')
    .description('Conformance suite for Linux memory hotplug and sparse memory: a reference and an optimized model, checked against each other and against invariants, per kernel version.')
    .version(toolVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // commander puts its suggestion on a second line; anything else in the message is user input, escaped by errorLine().
    .configureOutput({ outputError: (s, write) => write(`memhp: ${errorLine(s.replace(/^error: /, '').trimEnd().replace(/\s*\n\s*/g, ' ').replace('(Did you mean', '(did you mean'))}\n`) });

  cli
    .command('replay')
    .description('run a scenario file and show every step\'s answer; exit 1 if an expectation fails or the implementations disagree')
    .argument('<file>', 'scenario file')
    .option('--profile <name>', 'override the scenario\'s profile')
    .option('--impl <which>', 'reference, optimized or both', 'both')
    .option('--json', 'print one JSON document instead of text', false)
    .option('--inject <bug>', 'turn on a bug switch in the optimized implementation (repeatable)', collect, [])
    .option('--diagram', 'print a diagram of physical memory after every step', false)
    .option('--out <dir>', 'report directory (default reports/out/replay-<file name>)')
    .action((file: string, o: { profile?: string; impl: string; json: boolean; inject: string[]; diagram: boolean; out?: string }) => {
      setExit(
        replayCommand(file, {
          impl: implOption(o.impl),
          json: o.json,
          bugs: bugOptions(o.inject),
          diagram: o.diagram,
          ...(o.profile !== undefined ? { profile: o.profile } : {}),
          ...(o.out !== undefined ? { out: o.out } : {}),
        }),
      );
    });

  cli
    .command('run')
    .description('the conformance run: every profile × property with a fixed seed; prints a summary and writes a report')
    .option('--seed <n>', 'master seed (default: MEMHP_SEED or 42)')
    .option('--runs <n>', `runs per property (default: MEMHP_NUM_RUNS or ${DEFAULT_NUM_RUNS})`)
    .option('--steps <n>', `maximum steps per run (default: MEMHP_MAX_STEPS or ${DEFAULT_MAX_STEPS})`)
    .option('--profile <name>', 'only this profile (repeatable)', collect, [])
    .option('--property <name>', 'only this property (repeatable): differential, invariants, sparse, or one invariant', collect, [])
    .option('--path <path>', 'fast-check path of one case to replay (with one --profile and --property)')
    .option('--replay-path <rp>', 'fc.commands replayPath of that case')
    .option('--inject <bug>', 'turn on a bug switch in the optimized implementation (repeatable)', collect, [])
    .option('--out <dir>', 'report directory (default reports/out/run-<seed>)')
    .option('--workers <n>', 'worker threads (default: the number of cores); the results do not depend on it')
    .option('--shard <i/n>', 'run only the i-th of n slices of profiles × properties; merge with memhp report merge')
    .option('--swarm', 'swarm testing: each run generates only a random subset of the operations, eject_memory included (default: MEMHP_SWARM=1)', false)
    .option('--generation <kind>', 'plain, or state-aware: generated steps aimed at edges, the next DIMM slot, nodes with DIMMs, hot-added memory (docs/performance.md "Time to bug")', 'plain')
    .option('--failures-dir <dir>', 'failure database: saved failures are replayed first, new ones written (default: MEMHP_FAILURES_DIR or .memhp/failures)')
    .option('--format <fmt>', 'text (the summary) or ktap (one KTAP test point per profile × property)', 'text')
    .action(
      (o: {
        seed?: string;
        runs?: string;
        steps?: string;
        profile: string[];
        property: string[];
        path?: string;
        replayPath?: string;
        inject: string[];
        out?: string;
        workers?: string;
        shard?: string;
        failuresDir?: string;
        swarm: boolean;
        generation: string;
        format: string;
      }) => {
        const format = formatOption(o.format, ['text', 'ktap']);
        const generation = parseGeneration(o.generation);
        const env = resolveFixedRunSettings(process.env, drawSeed);
        setExit(
          runCommand({
            seed: o.seed !== undefined ? intOption('seed', o.seed, -(2 ** 31), 2 ** 31 - 1) : env.seed,
            numRuns: o.runs !== undefined ? intOption('runs', o.runs, 1, 10_000_000) : env.numRuns,
            maxSteps: o.steps !== undefined ? intOption('steps', o.steps, 1, 100_000) : env.maxSteps,
            profiles: o.profile,
            properties: o.property,
            bugs: bugOptions(o.inject),
            ...(o.path !== undefined ? { path: pathOption(o.path) } : {}),
            ...(o.replayPath !== undefined ? { replayPath: replayPathOption(o.replayPath) } : {}),
            ...(o.out !== undefined ? { out: o.out } : {}),
            ...(o.workers !== undefined ? { workers: intOption('workers', o.workers, 1, 1024) } : {}),
            ...(o.shard !== undefined ? { shard: parseShard(o.shard) } : {}),
            failuresDir: failuresDirFrom(o.failuresDir, process.env),
            swarm: o.swarm || env.swarm,
            ...(generation === 'state-aware' ? { stateAware: true } : {}),
            format: format === 'ktap' ? 'ktap' : 'text',
          }),
        );
      },
    );

  const failures = cli.command('failures').description('the failure database of memhp run: every counterexample found, replayed first by every later run');
  failures
    .command('list')
    .description('list the saved failures')
    .option('--failures-dir <dir>', 'failure database (default: MEMHP_FAILURES_DIR or .memhp/failures)')
    .action((o: { failuresDir?: string }) => setExit(failuresListCommand(failuresDirFrom(o.failuresDir, process.env))));
  failures
    .command('clear')
    .description('remove every saved failure')
    .option('--failures-dir <dir>', 'failure database (default: MEMHP_FAILURES_DIR or .memhp/failures)')
    .action((o: { failuresDir?: string }) => setExit(failuresClearCommand(failuresDirFrom(o.failuresDir, process.env))));

  const report = cli.command('report').description('work with report files: check one, merge shard reports');
  report
    .command('merge')
    .description('merge the reports of memhp run --shard i/n into the report of the whole run; exit 1 if a property failed')
    .argument('<dir...>', 'report directories of the shards (each with shard.json)')
    .option('--out <dir>', 'report directory (default reports/out/run-<seed>-merged-<hash of the run>; never a shard\'s directory)')
    .action((dirs: string[], o: { out?: string }) => setExit(reportMergeCommand(dirs, o.out)));

  cli
    .command('profiles')
    .description('list the semantic profiles, or explain one rule by rule')
    .option('--explain <name>', 'print the rules of one profile with the commit of each')
    .option('--rules', 'print every rule key a patch profile may set, with its values, as a Markdown table', false)
    .action((o: { explain?: string; rules?: boolean }) => setExit(o.rules === true ? ruleTableCommand() : profilesCommand(o.explain)));

  cli
    .command('diff')
    .description('what changes between two profiles (or a patch profile file): minimal sequences that behave differently, one per kind; exit 1 if any')
    .option('--from <profile>', 'profile A: a name or a patch profile file')
    .option('--to <profile>', 'profile B: a name or a patch profile file')
    .option('--chain', 'compare each profile with the next, oldest to newest, and tabulate what changed', false)
    .option('--seed <n>', 'master seed (default: MEMHP_SEED or 42)')
    .option('--runs <n>', `runs per search (default ${DIFF_DEFAULTS.numRuns})`)
    .option('--steps <n>', `maximum steps per run (default ${DIFF_DEFAULTS.maxSteps})`)
    .option('--kinds <n>', `stop after this many kinds of difference per pair (default ${DIFF_DEFAULTS.maxKinds})`)
    .option('--out <dir>', 'report directory (default reports/out/diff-<A>-<B>-<seed>, or diff-chain-<seed>)')
    .action((o: { from?: string; to?: string; chain: boolean; seed?: string; runs?: string; steps?: string; kinds?: string; out?: string }) => {
      const env = resolveFixedRunSettings(process.env, drawSeed);
      setExit(
        diffCommand({
          chain: o.chain,
          seed: o.seed !== undefined ? intOption('seed', o.seed, -(2 ** 31), 2 ** 31 - 1) : env.seed,
          numRuns: o.runs !== undefined ? intOption('runs', o.runs, 1, 10_000_000) : DIFF_DEFAULTS.numRuns,
          maxSteps: o.steps !== undefined ? intOption('steps', o.steps, 1, 100_000) : DIFF_DEFAULTS.maxSteps,
          maxKinds: o.kinds !== undefined ? intOption('kinds', o.kinds, 1, 1000) : DIFF_DEFAULTS.maxKinds,
          ...(o.from !== undefined ? { from: o.from } : {}),
          ...(o.to !== undefined ? { to: o.to } : {}),
          ...(o.out !== undefined ? { out: o.out } : {}),
        }),
      );
    });

  report
    .command('check')
    .description('validate a report.json against the schema; exit 0 valid, 2 with a one-line error')
    .argument('<file>', 'report.json')
    .action((file: string) => setExit(reportCheckCommand(file)));

  cli
    .command('regressions')
    .description('every pinned kernel bug (regressions/): replayed fixed, caught with its bug switch, found from scratch; prints the table')
    .option('--only <id>', 'only this entry, e.g. B-5 (repeatable)', collect, [])
    .option('--verbose', 'print every check\'s verdict, not only failures', false)
    .option('--out <dir>', 'report directory (default reports/out/regressions)')
    .option('--format <fmt>', 'text (the table) or ktap (one KTAP test point per entry)', 'text')
    .action((o: { only: string[]; verbose: boolean; out?: string; format: string }) =>
      setExit(
        regressionsCommand({
          only: o.only,
          verbose: o.verbose,
          format: formatOption(o.format, ['text', 'ktap']) === 'ktap' ? 'ktap' : 'text',
          ...(o.out !== undefined ? { out: o.out } : {}),
        }),
      ),
    );

  registerKernelCommands(cli);
  registerKernelBuild(cli);

  return cli;
}

export function main(argv: readonly string[]): number {
  let code = 0;
  try {
    const cli = program((c) => (code = c));
    checkCommandPath(cli, argv);
    cli.parse([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    return reportError(e);
  }
}

/** Runs memhp as this process's command: its exit code, and a quiet end on a closed pipe. */
export function runAsCommand(argv: readonly string[] = process.argv.slice(2)): void {
  // Long commands run in a worker thread so that this thread can take signals (cli/supervise.ts).
  if (supervises(argv)) {
    supervise(argv, new URL(import.meta.url));
    return;
  }
  // A reader that stops early (`memhp … | head`) closes the pipe: stop quietly, as other
  // command-line tools do, instead of an unhandled EPIPE with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = main(argv);
}

// `tsx cli/main.ts …` (npm run memhp) runs this file itself, and so does the command thread
// cli/supervise.ts starts; bin/memhp.js and tests import it.
const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const isCommandThread = !isMainThread && (workerData as { memhpSupervisor?: unknown } | null)?.memhpSupervisor !== undefined;
if (isEntry || isCommandThread) runAsCommand();

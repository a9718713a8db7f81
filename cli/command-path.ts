/**
 * The command words of a `memhp` line, checked before commander parses it.
 * Commander answers `--help` before it notices an unknown command, so
 * `memhp kernel-buld --help` would print the main help and exit 0: a script
 * could not tell a missing command from a present one. Here every command
 * word is checked first, `--help` or not, and an unknown one is one line
 * naming the closest command; with `--help`, the options are checked too.
 */
import type { Command } from 'commander';
import { UsageError } from '../base/usage-error.ts';

/** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to `word`: fewest edits, then the longest common
 * prefix (a typo usually keeps the start: `kernel-buld`), then the name
 * listed first. Undefined when the closest is neither a few edits away nor
 * starts the same way, so a stray word gets no misleading guess.
 */
export function closestName(word: string, names: readonly string[]): string | undefined {
  const prefix = (n: string): number => {
    let i = 0;
    while (i < n.length && i < word.length && n[i] === word[i]) i++;
    return i;
  };
  let best: { name: string; distance: number; prefix: number } | undefined;
  for (const name of names) {
    const c = { name, distance: editDistance(word, name), prefix: prefix(name) };
    if (best === undefined || c.distance < best.distance || (c.distance === best.distance && c.prefix > best.prefix)) best = c;
  }
  if (best === undefined || (best.distance > Math.max(2, Math.ceil(word.length / 2)) && best.prefix < 3)) return undefined;
  return best.name;
}

function subcommandNames(cmd: Command): string[] {
  return cmd.commands.map((c) => c.name());
}

function commandLine(path: readonly string[]): string {
  return ['memhp', ...path].join(' ');
}

/** Whether the option token `arg` of `cmd` takes the next token as its value. */
function takesValue(cmd: Command, arg: string): boolean {
  if (arg.includes('=') || !arg.startsWith('-')) return false;
  const o = cmd.options.find((x) => x.short === arg || x.long === arg);
  return o !== undefined && (o.required || o.optional);
}

/**
 * Walks the command words of `argv` down from `root` and throws a
 * UsageError for an unknown one, or for a command group given without one
 * of its subcommands. Below the last command word (a command without
 * subcommands), only a help request has its options checked here.
 */
export function checkCommandPath(root: Command, argv: readonly string[], from: Command = root, at: readonly string[] = []): void {
  let cmd = from;
  const path = [...at];
  let i = 0;
  while (cmd.commands.length > 0) {
    while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') i += takesValue(cmd, argv[i]!) ? 2 : 1;
    if (argv[i] === '--') i++;
    const word = argv[i];
    const names = subcommandNames(cmd);
    if (word === undefined) {
      // `memhp --help`, `memhp --version` and `memhp report -h` are answered by commander.
      if (argv.some((a) => a === '-h' || a === '--help' || (cmd === root && (a === '-V' || a === '--version')))) return;
      const what = path.length === 0 ? 'give a command' : `${path.join(' ')} needs a command`;
      throw new UsageError(`${what}: ${names.join(', ')} (${commandLine([...path, '--help'])} describes each)`);
    }
    if (word === 'help') {
      // `memhp help report check` and `memhp report help check` name a command path too.
      checkCommandPath(root, [...argv.slice(i + 1).filter((a) => !a.startsWith('-')), '--help'], cmd, path);
      return;
    }
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (next === undefined) {
      const near = closestName(word, names);
      const hint = near !== undefined ? `did you mean '${[...path, near].join(' ')}'? ` : '';
      throw new UsageError(`unknown command '${[...path, word].join(' ')}' (${hint}${commandLine([...path, '--help'])} lists the commands)`);
    }
    cmd = next;
    path.push(word);
    i++;
  }
  // Commander answers --help before it looks at the options: `memhp replay --jsn --help` would exit 0.
  if (argv.slice(i).some((a) => a === '-h' || a === '--help')) checkOptions(cmd, argv.slice(i));
}

function checkOptions(cmd: Command, args: readonly string[]): void {
  const longs = cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return;
    if (!arg.startsWith('-') || arg === '-') continue;
    const name = arg.split('=')[0]!;
    if (name === '-h' || name === '--help') continue;
    const o = cmd.options.find((x) => x.short === name || x.long === name);
    if (o === undefined) {
      const near = name.startsWith('--') ? closestName(name, longs) : undefined;
      throw new UsageError(`unknown option '${name}'${near !== undefined ? ` (did you mean ${near}?)` : ''}`);
    }
    if ((o.required || o.optional) && !arg.includes('=')) i++;
  }
}

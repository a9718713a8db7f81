/**
 * Unknown command words are bad input whether or not `--help` follows: one
 * line naming the closest command, exit 2, so a script can tell a missing
 * command from a present one.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { checkCommandPath, closestName, editDistance } from '../../cli/command-path.ts';
import { UsageError } from '../../base/usage-error.ts';
import { memhp } from '../helpers/cli.ts';
import { memhpInProcess } from '../helpers/in-process.ts';

async function oneLine(args: string[]): Promise<string> {
  const r = await memhpInProcess(args);
  expect(r.code, r.stderr + r.stdout).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('memhp', () => {
  it('as a process: an unknown command with --help is exit 2, one line naming the closest command', () => {
    const r = memhp(['kernel-campain', '--help']);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("memhp: unknown command 'kernel-campain' (did you mean 'kernel-campaign'? memhp --help lists the commands)\n");
  });
  it('an unknown subcommand of a group, with or without --help', async () => {
    expect(await oneLine(['report', 'chek'])).toBe("memhp: unknown command 'report chek' (did you mean 'report check'? memhp report --help lists the commands)");
    expect(await oneLine(['failures', 'lst', '--help'])).toBe(
      "memhp: unknown command 'failures lst' (did you mean 'failures list'? memhp failures --help lists the commands)",
    );
  });
  it("commander's option suggestion is kept on the same line", async () => {
    expect(await oneLine(['profiles', '--explian', 'v5.3'])).toBe("memhp: unknown option '--explian' (did you mean --explain?)");
  });
  it('an unknown option with --help is exit 2 too', async () => {
    expect(await oneLine(['replay', 'x.scn', '--jsn', '--help'])).toBe("memhp: unknown option '--jsn' (did you mean --json?)");
    // An option's value is not taken for an option, even when it starts with a dash.
    const r = await memhpInProcess(['run', '--seed', '-5', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: memhp run /);
  });
  it('a group without its subcommand is one line listing them', async () => {
    expect(await oneLine(['report'])).toBe('memhp: report needs a command: merge, check (memhp report --help describes each)');
  });
  it('--help of a real command still prints its help and exits 0', async () => {
    const r = await memhpInProcess(['report', 'check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: memhp report check \[options\] <file>/);
  });
});

describe('checkCommandPath', () => {
  const root = new Command('memhp');
  root.option('--level <n>', 'an option that takes a value');
  root.command('replay').argument('<file>');
  const report = root.command('report');
  report.command('merge');
  report.command('check');

  const refused = (argv: string[]): string => {
    try {
      checkCommandPath(root, argv);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error(`accepted ${argv.join(' ')}`);
  };

  it('accepts known paths, help and version requests', () => {
    for (const argv of [['replay', 'x.scn'], ['report', 'check', 'r.json'], ['--help'], ['report', '-h'], ['help', 'report', 'merge'], ['--level', '3', 'replay', 'f']]) {
      expect(() => checkCommandPath(root, argv), argv.join(' ')).not.toThrow();
    }
  });
  it('skips the value of an option before the command word', () => {
    expect(refused(['--level', 'replay', 'rplay'])).toMatch(/^unknown command 'rplay' \(did you mean 'replay'\?/);
  });
  it('checks the words after help', () => {
    expect(refused(['help', 'report', 'merg'])).toMatch(/^unknown command 'report merg' \(did you mean 'report merge'\?/);
    expect(refused(['report', 'help', 'chekc'])).toMatch(/^unknown command 'report chekc' \(did you mean 'report check'\?/);
  });
  it('a stray word gets no guess', () => {
    expect(refused(['xyzzy'])).toBe("unknown command 'xyzzy' (memhp --help lists the commands)");
  });
  it('no command at all', () => {
    expect(refused([])).toBe('give a command: replay, report (memhp --help describes each)');
  });
});

describe('closestName', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('chekc', 'check')).toBe(1);
    expect(editDistance('kernel', 'kernel-diff')).toBe(5);
    expect(editDistance('', 'run')).toBe(3);
  });
  it('prefers the longer common start between equally distant names', () => {
    // kernel-buld: 4 edits from kernel-diff, more from kernel-recorded and run.
    expect(closestName('kernel-buld', ['run', 'kernel-recorded', 'kernel-diff'])).toBe('kernel-diff');
    expect(closestName('rpofiles', ['replay', 'profiles'])).toBe('profiles');
    expect(closestName('ab', ['ax', 'ab-long'])).toBe('ax');
    // Equally distant (1 edit each): the one that starts like the word wins, whatever the order.
    expect(closestName('rum', ['sum', 'rut'])).toBe('rut');
    expect(closestName('rum', ['rut', 'sum'])).toBe('rut');
  });
});

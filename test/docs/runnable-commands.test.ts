/**
 * Every command quoted as runnable in README.md and docs/*.md runs as the
 * doc says (docs/runnable-docs.md is the contributors' note).
 *
 * The marker: a code fence whose info string is `sh runnable`. Inside it,
 * a line starting with `npx memhp`, `memhp`, `$ npx memhp` or `$ memhp` is
 * a command; a trailing `# comment` is dropped, and a comment ending in
 * `(exit N)` states its exit code (0 otherwise). Any other non-blank line
 * is output the doc shows for the command above it: it must appear, as a
 * whole line (trailing spaces aside), in what the command printed (stdout,
 * then stderr); a line `…` stands for lines left out. Commands run
 * in-process through cli/main.ts (a process each would take seconds); one
 * that writes a report directory (replay, run, diff, regressions) and names
 * no `--out` gets a temporary one, and a `run` naming no `--failures-dir`
 * a fresh temporary failure database, so the test leaves nothing in
 * reports/out or .memhp/ and one command's saved failures never reach the next. Mark only commands that need no QEMU and finish in about a
 * second; the rest stay in plain fences.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { memhpInProcess } from '../helpers/in-process.ts';

interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly args: readonly string[];
  readonly exit: number;
  readonly shown: readonly string[];
}

const COMMAND = /^(?:\$ )?(?:npx )?memhp(?: (.*))?$/;
const WRITES_REPORT = new Set(['replay', 'run', 'diff', 'regressions']);

/** Splits a command line the way sh would for the words docs use: spaces, and "…" or '…' quoting. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function runnableCommands(file: string, text: string): DocCommand[] {
  const out: Array<{ file: string; line: number; args: string[]; exit: number; shown: string[] }> = [];
  let inside = false;
  let runnable = false;
  text.split('\n').forEach((raw, i) => {
    const fence = /^\s*```(.*)$/.exec(raw);
    if (fence !== null) {
      runnable = !inside && /^sh\s+runnable\s*$/.test(fence[1]!.trim());
      inside = !inside;
      return;
    }
    if (!inside || !runnable || raw.trim() === '') return;
    const hash = raw.search(/\s#(?:\s|$)/);
    const code = hash >= 0 ? raw.slice(0, hash) : raw;
    const cmd = COMMAND.exec(code.trim());
    if (cmd !== null) {
      const exit = hash >= 0 ? /\(exit (\d+)\)\s*$/.exec(raw.slice(hash))?.[1] : undefined;
      out.push({ file, line: i + 1, args: words(cmd[1] ?? ''), exit: exit === undefined ? 0 : Number(exit), shown: [] });
    } else if (raw.trim() !== '…') {
      const last = out.at(-1);
      if (last === undefined || last.file !== file) throw new Error(`${file}:${i + 1}: output before any command in a runnable fence`);
      last.shown.push(raw.trimEnd());
    }
  });
  if (inside) throw new Error(`${file}: unclosed code fence`);
  return out;
}

const docs = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const commands = docs.flatMap((f) => runnableCommands(f, readFileSync(join(repoRoot, f), 'utf8')));
const scratch = mkdtempSync(join(tmpdir(), 'memhp-doc-commands-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the marker', () => {
  it('reads commands, exit codes and shown output from sh runnable fences only', () => {
    const text = [
      '```sh',
      'npx memhp run                  # not runnable: plain fence',
      '```',
      '```sh runnable',
      'npx memhp profiles --explain v5.3     # rules',
      '  sparse.hotplug = subsection',
      '…',
      '$ memhp report chek "a b"      # a typo (exit 2)',
      '```',
    ].join('\n');
    expect(runnableCommands('x.md', text)).toEqual([
      { file: 'x.md', line: 5, args: ['profiles', '--explain', 'v5.3'], exit: 0, shown: ['  sparse.hotplug = subsection'] },
      { file: 'x.md', line: 8, args: ['report', 'chek', 'a b'], exit: 2, shown: [] },
    ]);
  });
  it('finds runnable commands in the README and in docs/', () => {
    expect(commands.filter((c) => c.file === 'README.md').length).toBeGreaterThanOrEqual(3);
    expect(commands.filter((c) => c.file.startsWith('docs/')).length).toBeGreaterThanOrEqual(3);
    expect(commands.some((c) => c.shown.length > 0)).toBe(true);
  });
});

describe('commands quoted in the docs', () => {
  it.each(commands.map((c) => [`${c.file}:${c.line} memhp ${c.args.join(' ')}`, c] as const))('%s', async (_, c) => {
    const out = WRITES_REPORT.has(c.args[0] ?? '') && !c.args.includes('--out') ? ['--out', mkdtempSync(join(scratch, 'out-'))] : [];
    const failures = c.args[0] === 'run' && !c.args.includes('--failures-dir') ? ['--failures-dir', mkdtempSync(join(scratch, 'failures-'))] : [];
    const r = await memhpInProcess([...c.args, ...out, ...failures]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(c.exit);
    const printed = new Set(`${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trimEnd()));
    const missing = c.shown.filter((l) => !printed.has(l));
    expect(missing, `${c.file}:${c.line}: lines the doc shows that the command did not print`).toEqual([]);
  });
});

/**
 * docs/reference/cli.md: every `memhp` command with its arguments and
 * options, walked from the command tree cli/main.ts builds, so the page
 * cannot drift from `memhp <command> --help`.
 */
import type { Command } from 'commander';
import { program } from '../../cli/main.ts';
import { cell, generatedBanner, table } from './markdown.ts';

function commandPath(c: Command): string {
  const names: string[] = [];
  for (let at: Command | null = c; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

function defaultText(value: unknown): string {
  if (value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.length === 0 ? '' : `\`${JSON.stringify(value)}\``;
  return `\`${String(value)}\``;
}

function section(c: Command): string[] {
  const args = c.registeredArguments.map((a) => [`\`${a.required ? `<${a.name()}>` : `[${a.name()}${a.variadic ? '...' : ''}]`}\``, cell(a.description)]);
  const options = c.options
    .filter((o) => !o.hidden)
    .map((o) => [`\`${o.flags}\``, cell(o.description), defaultText(o.defaultValue)]);
  const out = [`## ${commandPath(c)}`, '', cell(c.description()), ''];
  if (c.commands.length > 0) out.push(`Commands: ${c.commands.map((s) => `\`${s.name()}\``).join(', ')}.`, '');
  if (args.length > 0) out.push(table(['argument', 'what'], args), '');
  if (options.length > 0) out.push(table(['option', 'what', 'default'], options), '');
  return [...out, ...c.commands.flatMap(section)];
}

export function cliPage(): string {
  const root = program(() => undefined);
  return [
    generatedBanner('the command tree of cli/main.ts'),
    '',
    '# The memhp command line',
    '',
    'Every command and option, as `memhp <command> --help` prints them. Exit codes:',
    '0 success, 1 a check, expectation or comparison failed, 2 bad input (one line',
    'on stderr starting `memhp:`), 3 an internal error; 130/143 when SIGINT/SIGTERM',
    'stopped a run. How failures are saved, replayed and reported, and what the',
    'environment variables do: [cli.md](../cli.md).',
    '',
    ...root.commands.flatMap(section),
  ].join('\n');
}

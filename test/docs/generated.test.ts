/**
 * The reference pages in docs/reference/ are what `npm run docs:generate`
 * writes from the code today: regenerated in memory and compared byte for
 * byte, so a change to a profile, an invariant, a bug switch or a command
 * fails here until the page is regenerated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUG_SWITCHES } from '../../model/bugs.ts';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { cell, table } from '../../scripts/docs/markdown.ts';
import { generatedPages } from '../../scripts/docs/pages.ts';
import { repoRoot } from '../helpers/cli.ts';

const pages = generatedPages();

describe('generated reference pages', () => {
  it.each(pages.map((p) => [p.path, p] as const))('%s is current (npm run docs:generate)', (path, page) => {
    const committed = readFileSync(join(repoRoot, path), 'utf8');
    expect(committed === page.text, `${path} is stale: run npm run docs:generate`).toBe(true);
  });

  it('name every invariant, bug switch and command they describe', () => {
    const text = (p: string) => pages.find((x) => x.path === p)!.text;
    expect(INVARIANTS.filter((i) => !text('docs/reference/invariants.md').includes(`| \`${i.name}\` |`))).toEqual([]);
    expect(BUG_SWITCHES.filter((b) => !text('docs/reference/bug-switches.md').includes(`| \`${b.name}\` |`))).toEqual([]);
    for (const cmd of ['memhp replay', 'memhp run', 'memhp failures list', 'memhp report merge', 'memhp kernel-build']) {
      expect(text('docs/reference/cli.md')).toContain(`\n## ${cmd}\n`);
    }
    expect(text('docs/reference/cli.md')).toContain('| `--inject <bug>` | turn on a bug switch in the optimized implementation (repeatable) |  |');
    expect(text('docs/reference/profiles.md')).toMatch(/^v5\.3 +ba72b4c8cf60 /m);
  });

  it('escapes what would break a table row', () => {
    expect(cell('a | b\n  c')).toBe('a \\| b c');
    expect(table(['x', 'y'], [['1', '2']])).toBe('| x | y |\n| --- | --- |\n| 1 | 2 |');
  });
});

/**
 * Every relative link in README.md and the Markdown pages under docs/ and
 * regressions/ names a file of this repository, and no page links outside it:
 * provenance is a kernel commit id, a kernel file and version, or a file here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';

function markdownFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

/** The targets of `[text](target)` and `![alt](target)` outside code spans and fences. */
function linkTargets(text: string): string[] {
  const prose = text.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

const pages = ['README.md', ...markdownFiles('docs'), ...markdownFiles('regressions')];

describe('links in the docs', () => {
  it('reads link targets from prose only', () => {
    expect(linkTargets('see [a](docs/a.md#x) and `[b](no.md)`\n```\n[c](no.md)\n```\n![p](p.png)')).toEqual(['docs/a.md#x', 'p.png']);
  });
  it.each(pages)('%s links only to files of the repository', (page) => {
    const targets = linkTargets(readFileSync(join(repoRoot, page), 'utf8'));
    const outside = targets.filter((t) => /^[a-z]+:/i.test(t));
    const missing = targets
      .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
      .map((t) => relative(repoRoot, join(repoRoot, dirname(page), t.replace(/#.*$/, ''))))
      .filter((file) => !existsSync(join(repoRoot, file)));
    expect({ outside, missing }).toEqual({ outside: [], missing: [] });
  });
});

/** docs/reference/invariants.md: every invariant checks/invariants/index.ts registers, with its one-line promise. */
import { INVARIANTS, SPARSE_INVARIANTS } from '../../checks/invariants/index.ts';
import { cell, generatedBanner, table } from './markdown.ts';

export function invariantsPage(): string {
  const sparse = new Set(SPARSE_INVARIANTS.map((i) => i.name));
  const rows = INVARIANTS.map((i) => [`\`${i.name}\``, sparse.has(i.name) ? 'sparse layer' : 'hotplug', cell(i.describe)]);
  return [
    generatedBanner('checks/invariants/index.ts'),
    '',
    '# Invariants',
    '',
    `${INVARIANTS.length} invariants, each a small named function in \`checks/invariants/\`, are checked`,
    'after every step of the `invariants` property (the `sparse` property checks',
    'the sparse-layer ones alone); `memhp run --property <name>` runs one. Where a',
    'profile is known to break one, the run reports a *known finding* instead',
    '(`memhp profiles --explain <profile>` lists them). The differential check —',
    'both implementations answer the same and show the same state — is',
    '`checks/differential.ts`. More: [checks.md](../checks.md).',
    '',
    table(['invariant', 'layer', 'what it promises'], rows),
    '',
  ].join('\n');
}

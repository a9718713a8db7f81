/** docs/reference/bug-switches.md: every bug switch model/bugs.ts declares, with the check that catches it. */
import { BUG_SWITCHES } from '../../model/bugs.ts';
import { cell, generatedBanner, table } from './markdown.ts';

export function bugSwitchesPage(): string {
  const rows = BUG_SWITCHES.map((b) => {
    const s: { name: string; describe: string; caughtBy: string; kernelBug?: string; profile?: string } = b;
    return [`\`${s.name}\``, s.kernelBug ?? '', `\`${s.caughtBy}\``, s.profile ?? 'newest', cell(s.describe)];
  });
  return [
    generatedBanner('model/bugs.ts'),
    '',
    '# Bug switches',
    '',
    `${BUG_SWITCHES.length} deliberate mistakes the optimized implementation can be run with`,
    '(`--inject <switch>` on `memhp run` and `memhp replay`). Each must be caught by',
    'the named check; a B-n is the catalogued kernel bug the switch brings back',
    '([regressions/README.md](../../regressions/README.md)). Which item of the default',
    'run catches each, at which run and step: [bug-detection.json](../bug-detection.json);',
    'a seed named in a description is one of [seeds.md](../seeds.md).',
    '',
    table(['switch', 'kernel bug', 'caught by', 'profile', 'the mistake'], rows),
    '',
  ].join('\n');
}

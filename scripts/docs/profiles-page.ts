/**
 * docs/reference/profiles.md: the profile list and every rule a profile or a
 * patch profile sets, as `memhp profiles` and `memhp profiles --rules` print
 * them (so the page follows the profile data in model/profiles/).
 */
import { memhpOutput } from './capture.ts';
import { generatedBanner } from './markdown.ts';

export function profilesPage(): string {
  return [
    generatedBanner('`memhp profiles` and `memhp profiles --rules`'),
    '',
    '# Profiles and rules',
    '',
    'A profile is one kernel release\'s semantics: a value for every rule. The',
    'name, the commit that defines it and what it changes (`memhp profiles`):',
    '',
    '```',
    memhpOutput(['profiles']).trimEnd(),
    '```',
    '',
    '`memhp profiles --explain <name>` prints one profile rule by rule, each with',
    'the commit that introduced its value and how that was verified. Which kernel',
    'releases carry each profile: [historical-profiles.md](../historical-profiles.md)',
    'and [modern-profiles.md](../modern-profiles.md); "seed 000" … "seed 004" are the',
    'kernel documents of [seeds.md](../seeds.md).',
    '',
    '## Every rule and its values',
    '',
    'What a patch profile may set (`memhp profiles --rules`;',
    '[patch-profiles.md](../patch-profiles.md)):',
    '',
    memhpOutput(['profiles', '--rules']).trimEnd(),
    '',
  ].join('\n');
}

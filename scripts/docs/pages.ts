/** The pages `npm run docs:generate` writes, each produced from the code it describes. */
import { bugSwitchesPage } from './bug-switches-page.ts';
import { cliPage } from './cli-page.ts';
import { invariantsPage } from './invariants-page.ts';
import { profilesPage } from './profiles-page.ts';

export interface GeneratedPage {
  /** Path from the repository root. */
  readonly path: string;
  readonly text: string;
}

export function generatedPages(): GeneratedPage[] {
  return [
    { path: 'docs/reference/profiles.md', text: profilesPage() },
    { path: 'docs/reference/invariants.md', text: invariantsPage() },
    { path: 'docs/reference/bug-switches.md', text: bugSwitchesPage() },
    { path: 'docs/reference/cli.md', text: cliPage() },
  ];
}

/** `npm run regressions:readme`: regenerates the table in regressions/README.md. */
import { dirname } from 'node:path';
import { loadRegressions, REGRESSIONS_DIR } from './load.ts';
import { writeReadme } from './readme.ts';
import { runEntry } from './run.ts';

const root = dirname(REGRESSIONS_DIR);
const rows = loadRegressions(root).map(runEntry);
const changed = writeReadme(root, rows);
process.stdout.write(`regressions/README.md ${changed ? 'updated' : 'already up to date'}\n`);
process.exitCode = rows.some((r) => r.verdict === 'FAIL') ? 1 : 0;

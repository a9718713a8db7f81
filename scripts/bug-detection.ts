/**
 * Writes docs/bug-detection.json: for each bug switch, which item of the
 * default `memhp run` catches it first and after how many runs and steps
 * (properties/detection.ts). test/checks/default-run-detection.test.ts checks
 * the file is current. Usage: npm run detection [-- --only NAME] [-- --all-profiles]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BUG_SWITCHES } from '../model/bugs.ts';
import { findProfile } from '../model/profiles/index.ts';
import { detect, type Detection } from '../properties/detection.ts';

const FILE = 'docs/bug-detection.json';
const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]!] : []));
const allProfiles = args.includes('--all-profiles');
const previous: Detection[] = (() => {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8')) as Detection[];
  } catch {
    return [];
  }
})();
const out: Detection[] = [];
for (const bug of BUG_SWITCHES) {
  const old = previous.find((d) => d.bug === bug.name);
  if (only.length > 0 && !only.includes(bug.name) && old !== undefined) {
    out.push(old);
    continue;
  }
  const own = findProfile(bug.profile ?? 'latest')!;
  const d = detect(bug, allProfiles ? {} : { profiles: [own] });
  process.stderr.write(`${bug.name}: ${d.profile === null ? 'NOT CAUGHT' : `${d.profile} › ${d.property} run ${d.runs} step ${d.steps} (${d.checks.join(', ')})`}\n`);
  out.push(d);
}
writeFileSync(FILE, `${JSON.stringify(out, null, 2)}\n`);

/**
 * npm run mutation:score: the mutation score of model/optimized from the
 * per-file results in mutation/results/ (written by npm run mutation), with
 * the survivors judged equivalent (mutation/equivalent.json, each with its
 * reason) taken out of the denominator. Prints the table and rewrites the
 * generated block of docs/mutation.md. --survivors also lists the survivors
 * nobody has judged.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutantKey, RESULTS_DIR, sourceHash, type FileResult } from './results-format.ts';
import { addTallies, scoreText, tallyFile } from './tally.ts';

const root = process.cwd();
const DOC = 'docs/mutation.md';
const BEGIN = '<!-- mutation:score begin (npm run mutation:score) -->';
const END = '<!-- mutation:score end -->';

const equivalents = JSON.parse(readFileSync(join(root, 'mutation/equivalent.json'), 'utf8')) as ReadonlyArray<{ key: string; reason: string }>;
const equivalentKeys = new Set(equivalents.map((e) => e.key));
const results: FileResult[] = readdirSync(join(root, RESULTS_DIR))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(root, RESULTS_DIR, f), 'utf8')) as FileResult);

const rows = results.map((r) => ({ file: r.file, stale: sourceHash(root, r.file) !== r.sha256, tally: tallyFile(r, equivalentKeys) }));
const total = addTallies(rows.map((r) => r.tally));
const totalFiles = readdirSync(join(root, 'model/optimized'), { recursive: true }).filter((f) => String(f).endsWith('.ts')).length;

const lines = [
  `Measured: ${rows.length} of ${totalFiles} files of \`model/optimized\`, ${total.mutants} mutants` +
    (rows.some((r) => r.stale) ? ' (files marked * changed since they were measured)' : '') +
    '.',
  '',
  `**Score: ${scoreText(total)}** of non-equivalent mutants killed (${total.killed} killed or timed out, ${total.survived} survived, ` +
    `${total.noCoverage} not covered, ${total.equivalent} of the survivors judged equivalent, ${total.errors} that do not compile left out).`,
  '',
  '| file | mutants | killed | survived | no coverage | equivalent | score |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    ({ file, stale, tally: t }) =>
      `| \`${file}\`${stale ? ' *' : ''} | ${t.mutants} | ${t.killed} | ${t.survived} | ${t.noCoverage} | ${t.equivalent} | ${scoreText(t)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);

if (process.argv.includes('--survivors')) {
  for (const r of results)
    for (const m of r.mutants)
      if ((m.status === 'Survived' || m.status === 'NoCoverage') && !equivalentKeys.has(mutantKey(r.file, m))) process.stdout.write(`${m.status}\t${mutantKey(r.file, m)}\n`);
}

const unmatched = equivalents.filter((e) => !results.some((r) => r.mutants.some((m) => mutantKey(r.file, m) === e.key)));
if (unmatched.length > 0) process.stderr.write(`memhp mutation:score: ${unmatched.length} entries of mutation/equivalent.json match no measured mutant (first: ${unmatched[0]!.key})\n`);

const doc = readFileSync(join(root, DOC), 'utf8');
const b = doc.indexOf(BEGIN);
const e = doc.indexOf(END);
if (b === -1 || e < b) {
  process.stderr.write(`memhp mutation:score: ${DOC} has no ${BEGIN} … ${END} block\n`);
  process.exit(2);
}
writeFileSync(join(root, DOC), `${doc.slice(0, b + BEGIN.length)}\n${lines.join('\n')}\n${doc.slice(e)}`);

/**
 * `npm run docs:generate`: writes the reference pages of docs/reference/
 * from the code (scripts/docs/pages.ts). test/docs/generated.test.ts
 * regenerates them in memory and fails while a committed page differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedPages } from './docs/pages.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const page of generatedPages()) {
  const file = join(root, page.path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, page.text);
  process.stdout.write(`wrote ${page.path}\n`);
}

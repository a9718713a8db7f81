// Prints "N passed, N failed" summed over vitest JSON reports (the files named
// on the command line; default reports/vitest/results.json); exits 1 when a
// test failed, none ran, or a report is missing. Plain JavaScript so CI needs no loader.
import { readFileSync } from 'node:fs';

const files = process.argv.length > 2 ? process.argv.slice(2) : ['reports/vitest/results.json'];
let passed = 0;
let failed = 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`no vitest report at ${file} (${e.code ?? e.message})`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  // A suite that fails to load has no failed test of its own: count it once.
  failed += (report.numFailedTests ?? 0) || (report.success === false ? 1 : 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

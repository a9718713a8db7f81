// Prints "N passed, N failed" from vitest's JSON report; exits 1 when a test
// failed, none ran, or the report is missing. Plain JavaScript so CI needs no loader.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/vitest/results.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`no vitest report at ${file} (${e.code ?? e.message})`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A suite that fails to load has no failed test of its own: count it once.
const failed = (report.numFailedTests ?? 0) || (report.success === false ? 1 : 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

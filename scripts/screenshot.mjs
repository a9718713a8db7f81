#!/usr/bin/env node
/**
 * npm run screenshot: renders a report.html with a counterexample in headless
 * Chromium (Debian's /usr/bin/chromium, no download) and writes
 * docs/report-screenshot.png.
 *
 * The counterexample is regression B-14's scenario replayed with its bug
 * switch on (early-partial-depopulate: the optimized model frees the boot
 * memmap of one sub-section in an early section's hole), so the picture is
 * the same every time and shows an early section zoomed, with the one
 * sub-section that differs outlined.
 *
 *   MEMHP_CHROMIUM=/path/to/chromium npm run screenshot   # another binary
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'reports', 'out', 'screenshot');
const png = join(root, 'docs', 'report-screenshot.png');
const chromium = process.env.MEMHP_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(chromium)) {
  process.stderr.write(`screenshot: ${chromium} not found (apt-get install chromium, or set MEMHP_CHROMIUM)\n`);
  process.exit(2);
}

const run = spawnSync(
  process.execPath,
  ['bin/memhp.js', 'replay', 'regressions/B-14-early-section-partial-depopulate/scenario.scn', '--inject', 'early-partial-depopulate', '--out', out],
  { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
);
// Exit 1 is the expected failure with the bug switch on.
if (run.status !== 1 || !existsSync(join(out, 'report.html'))) {
  process.stderr.write(`screenshot: memhp replay did not produce a counterexample (exit ${run.status})\n${run.stderr}`);
  process.exit(1);
}

const profile = mkdtempSync(join(tmpdir(), 'memhp-chromium-'));
try {
  const shot = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      `--screenshot=${png}`,
      '--window-size=1200,1800',
      '--hide-scrollbars',
      pathToFileURL(resolve(out, 'report.html')).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (shot.status !== 0 || !existsSync(png)) {
    process.stderr.write(`screenshot: chromium failed (exit ${shot.status})\n${shot.stderr}`);
    process.exit(1);
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(`screenshot: ${png}\n`);

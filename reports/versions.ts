/** Versions recorded in every report, read from the installed packages rather than typed in. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function versionOf(pkgJson: string): string {
  const parsed = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

export function toolVersion(): string {
  return versionOf(new URL('../package.json', import.meta.url).pathname);
}

export function fastCheckVersion(): string {
  return versionOf(require.resolve('fast-check/package.json'));
}

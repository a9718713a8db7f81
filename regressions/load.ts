/**
 * Finds and loads the regression entries: every folder of `regressions/`
 * named `B-<n>-<slug>` holds `meta.json` and `scenario.scn`. Anything wrong
 * with an entry is one line naming the file (RegressionError).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVARIANTS } from '../checks/invariants/index.ts';
import { UsageError } from '../base/usage-error.ts';
import { isBugName } from '../model/bugs.ts';
import { findProfile } from '../model/profiles/index.ts';
import { parseScenario, type Scenario } from '../scenario/index.ts';
import { regressionMeta, type RegressionMeta } from './schema.ts';

/** Bad regression input (a malformed entry): the CLI prints its one line and exits 2. */
export class RegressionError extends UsageError {}

export const REGRESSIONS_DIR = dirname(fileURLToPath(import.meta.url));

/** A folder name: the id with a zero-padded number, a dash and a slug (B-05-shrink-pgdat-uninit). */
const ENTRY_DIR = /^B-(\d{2,})-[a-z0-9][a-z0-9-]*$/;

export interface RegressionEntry {
  readonly meta: RegressionMeta;
  /** Folder, relative to the repository root (for messages and the table). */
  readonly dir: string;
  readonly scenarioFile: string;
  readonly scenarioText: string;
  /** Parsed for executable entries only: pending ones use syntax this branch does not have yet. */
  readonly scenario?: Scenario;
  /** Number of steps of the scenario (lines that are not comments, headers or blank). */
  readonly pinnedSteps: number;
}

const CHECK_NAMES = new Set(['differential', ...INVARIANTS.map((i) => i.name)]);

function zodLine(file: string, error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  const first = error.issues[0];
  const where = first === undefined || first.path.length === 0 ? '' : `${first.path.map(String).join('.')}: `;
  return `${file}: ${where}${first?.message ?? 'invalid'}`;
}

function readMeta(path: string, file: string): RegressionMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RegressionError(`${file}: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const parsed = regressionMeta.safeParse(raw);
  if (!parsed.success) throw new RegressionError(zodLine(file, parsed.error));
  return parsed.data;
}

/** Names the meta refers to must exist on this branch (for executable entries). */
function checkNames(file: string, meta: RegressionMeta): void {
  if (meta.status !== 'executable') return;
  if (findProfile(meta.profile) === undefined) throw new RegressionError(`${file}: profile: unknown profile "${meta.profile}"`);
  if (!isBugName(meta.inject)) throw new RegressionError(`${file}: inject: unknown bug switch "${meta.inject}"`);
  if (!CHECK_NAMES.has(meta.caughtBy)) throw new RegressionError(`${file}: caughtBy: unknown check "${meta.caughtBy}"`);
  const h = meta.historical;
  if (h !== undefined && findProfile(h.profile) === undefined) {
    throw new RegressionError(`${file}: historical.profile: unknown profile "${h.profile}"`);
  }
}

function countSteps(text: string): number {
  const HEADERS = /^(profile|geometry|config|boot)\b/;
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '' && !HEADERS.test(l)).length;
}

export function loadEntry(root: string, dir: string): RegressionEntry {
  const name = dir.split('/').at(-1) ?? dir;
  const rel = relative(root, dir) || dir;
  const m = ENTRY_DIR.exec(name);
  if (m === null) throw new RegressionError(`${rel}: folder name must be B-<nn>-<slug> (e.g. B-05-shrink-pgdat-uninit)`);
  const metaFile = join(dir, 'meta.json');
  const scenarioFile = join(dir, 'scenario.scn');
  for (const f of [metaFile, scenarioFile]) {
    if (!existsSync(f)) throw new RegressionError(`${relative(root, f)}: missing (an entry is meta.json + scenario.scn)`);
  }
  const relMeta = relative(root, metaFile);
  const meta = readMeta(metaFile, relMeta);
  if (meta.id !== `B-${Number(m[1])}`) throw new RegressionError(`${relMeta}: id: "${meta.id}" does not match the folder ${name}`);
  checkNames(relMeta, meta);
  const scenarioText = readFileSync(scenarioFile, 'utf8');
  const relScn = relative(root, scenarioFile);
  const scenario = meta.status === 'executable' ? parseScenario(scenarioText, relScn) : undefined;
  const pinnedSteps = scenario !== undefined ? scenario.steps.length : countSteps(scenarioText);
  if (meta.status === 'executable' && meta.caughtAtStep > pinnedSteps) {
    throw new RegressionError(`${relMeta}: caughtAtStep: ${meta.caughtAtStep} is beyond the scenario's ${pinnedSteps} steps`);
  }
  return { meta, dir: rel, scenarioFile: relScn, scenarioText, ...(scenario !== undefined ? { scenario } : {}), pinnedSteps };
}

/** Every entry, ordered by bug number. */
export function loadRegressions(root: string, dir: string = join(root, 'regressions')): RegressionEntry[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith('B-'))
    .map((d) => d.name);
  const entries = names.map((n) => loadEntry(root, join(dir, n)));
  entries.sort((a, b) => Number(a.meta.id.slice(2)) - Number(b.meta.id.slice(2)));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.meta.id)) throw new RegressionError(`${e.dir}: a second entry for ${e.meta.id}`);
    seen.add(e.meta.id);
  }
  return entries;
}

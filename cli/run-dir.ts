/**
 * The default report directory of `memhp run`: `reports/out/run-<seed>`, with
 * a suffix for each choice that makes the run differ from the whole default
 * run, so a narrower or broken-on-purpose run never overwrites the report an
 * earlier run printed the path of:
 *
 *   -profile-<a>+<b>  -property-<x>  -inject-<switch>+<switch>  -path-<hash>
 *   -runs-<n>  -steps-<n>  -swarm  -state-aware  -shard-<i>of<n>
 *
 * `<hash>` is 8 hex digits of the SHA-256 of the path and replay path tokens.
 * A name longer than 120 characters keeps `run-<seed>` and a hash of the rest.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_MAX_STEPS, DEFAULT_NUM_RUNS } from '../properties/settings.ts';
import type { Shard } from '../engine/shard.ts';

export interface RunDirChoices {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly profiles: readonly string[];
  readonly properties: readonly string[];
  readonly bugs: Iterable<string>;
  readonly path?: string;
  readonly replayPath?: string;
  readonly swarm?: boolean;
  readonly stateAware?: boolean;
  readonly shard?: Shard;
}

const MAX_NAME = 120;

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);
const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export function defaultRunDir(c: RunDirChoices): string {
  const parts: string[] = [];
  if (c.profiles.length > 0) parts.push(`profile-${c.profiles.map(safe).join('+')}`);
  if (c.properties.length > 0) parts.push(`property-${c.properties.map(safe).join('+')}`);
  const bugs = [...new Set(c.bugs)].sort();
  if (bugs.length > 0) parts.push(`inject-${bugs.join('+')}`);
  if (c.path !== undefined || c.replayPath !== undefined) parts.push(`path-${hash(`${c.path ?? ''}\0${c.replayPath ?? ''}`)}`);
  if (c.numRuns !== DEFAULT_NUM_RUNS) parts.push(`runs-${c.numRuns}`);
  if (c.maxSteps !== DEFAULT_MAX_STEPS) parts.push(`steps-${c.maxSteps}`);
  if (c.swarm === true) parts.push('swarm');
  if (c.stateAware === true) parts.push('state-aware');
  if (c.shard !== undefined) parts.push(`shard-${c.shard.index}of${c.shard.count}`);
  const base = `run-${c.seed}`;
  let name = [base, ...parts].join('-');
  if (name.length > MAX_NAME) name = `${base}-${hash(parts.join('-'))}`;
  return join('reports', 'out', name);
}

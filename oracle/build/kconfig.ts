/**
 * Configures a build: `make tinyconfig`, the project's fragment
 * (oracle/kconfig/memhp.config) and the developer's merged on top with the
 * kernel's own scripts/kconfig/merge_config.sh, then `make olddefconfig`.
 * Kconfig silently drops an option whose dependencies are not met, so every
 * option a fragment asks for is checked in the result; a dropped one stops
 * the build, named.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../base/usage-error.ts';
import { parseKernelConfig } from '../kernel-config.ts';
import { CONFIGURED, sha, type Input } from './layout.ts';
import { firstError, runMake } from './make.ts';

export interface Requested {
  readonly name: string;
  readonly value: string;
  readonly from: string;
}

/** `CONFIG_X=y|m|…` and `# CONFIG_X is not set` lines of the fragments (a later fragment wins). */
export function requestedOptions(fragments: readonly Input[]): Requested[] {
  const out = new Map<string, Requested>();
  for (const f of fragments) {
    for (const [name, value] of parseKernelConfig(f.text)) out.set(name, { name, value, from: f.path });
  }
  return [...out.values()];
}

/** The requested options the final .config does not have as asked, one phrase each. */
export function droppedOptions(requested: readonly Requested[], config: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const r of requested) {
    const got = config.get(r.name) ?? 'n';
    if (got === r.value) continue;
    out.push(`CONFIG_${r.name}=${r.value} (${got === 'n' ? 'not set' : `=${got}`}; from ${r.from.split('/').pop()})`);
  }
  return out;
}

export interface ConfigureOptions {
  readonly srctree: string;
  /** The object tree, relative to srctree or absolute. */
  readonly obj: string;
  readonly objAbs: string;
  readonly fragments: readonly Input[];
  readonly env: NodeJS.ProcessEnv;
  readonly log: string;
  readonly name: string;
}

/** Configures unless the object tree already is, for these fragments; returns whether it ran. */
export async function configure(o: ConfigureOptions): Promise<boolean> {
  const stamp = sha(JSON.stringify(o.fragments.map((f) => f.text)));
  const marker = join(o.objAbs, CONFIGURED);
  if (existsSync(marker) && existsSync(join(o.objAbs, '.config')) && readFileSync(marker, 'utf8').trim() === stamp) return false;
  const what = `configuring ${o.name}`;
  const make = async (args: string[]): Promise<void> => {
    const r = await runMake({ cwd: o.srctree, args: [`O=${o.obj}`, ...args], env: o.env, log: o.log, what: `make (${what})` });
    if (r.code !== 0) throw new UsageError(`make ${args.join(' ')} failed ${what}: ${firstError(o.log)}; log: ${o.log}`);
  };
  await make(['tinyconfig']);
  const paths = o.fragments.map((f, i) => {
    const p = join(o.objAbs, `.memhp-fragment-${i}.config`);
    writeFileSync(p, f.text);
    return p;
  });
  await runScript(o, ['scripts/kconfig/merge_config.sh', '-m', '-O', o.obj, join(o.obj, '.config'), ...paths], what);
  await make(['olddefconfig']);
  const dropped = droppedOptions(requestedOptions(o.fragments), parseKernelConfig(readFileSync(join(o.objAbs, '.config'), 'utf8')));
  if (dropped.length > 0) {
    throw new UsageError(`${o.name}: olddefconfig dropped ${dropped.length} requested option${dropped.length === 1 ? '' : 's'} (dependencies not met): ${dropped.join(', ')}`);
  }
  writeFileSync(marker, `${stamp}\n`);
  return true;
}

async function runScript(o: ConfigureOptions, argv: readonly string[], what: string): Promise<void> {
  const log = createWriteStream(o.log, { flags: 'a' });
  const child = spawn('sh', argv, { cwd: o.srctree, env: { ...o.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number | null>((r) => child.once('close', r));
  await new Promise<void>((r) => log.end(r));
  if (code !== 0) throw new UsageError(`${argv[0]} failed ${what}: ${firstError(o.log)}; log: ${o.log}`);
}

/**
 * Which model profile a kernel of a given release is held to: the newest
 * mainline profile whose semantics were released no later than the kernel
 * (a mainline profile is named after the first release that carries it).
 * Profiles named after a variant (v6.9-s390, …) describe another machine or
 * an unmerged series and are never chosen from a release.
 */
import { UsageError } from '../base/usage-error.ts';
import { PROFILES } from '../model/profiles/index.ts';

type Version = readonly [number, number];

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(text);
  return m === null ? undefined : [Number(m[1]), Number(m[2])];
}

const before = (a: Version, b: Version): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** The mainline profiles with the release each first applies to, oldest first. */
export function mainlineProfiles(): Array<{ readonly name: string; readonly from: Version }> {
  const out: Array<{ name: string; from: Version }> = [];
  for (const p of PROFILES) {
    if (!/^v\d+\.\d+$/.test(p.name)) continue;
    const from = parseVersion(p.name);
    if (from !== undefined) out.push({ name: p.name, from });
  }
  return out.sort((a, b) => (before(a.from, b.from) ? -1 : before(b.from, a.from) ? 1 : 0));
}

export interface ProfileChoice {
  readonly profile: string;
  /** One line saying why, for the run's header on stderr. */
  readonly why: string;
}

/** `6.8.0-rc1` → v6.7; a release older than every profile is a UsageError. */
export function profileForRelease(release: string): ProfileChoice {
  const v = parseVersion(release);
  if (v === undefined) throw new UsageError(`kernel release "${release}" does not start with a version number: pass --profile`);
  const list = mainlineProfiles();
  let chosen: { name: string; from: Version } | undefined;
  for (const p of list) if (!before(v, p.from)) chosen = p;
  if (chosen === undefined) {
    const oldest = list[0];
    throw new UsageError(`kernel release ${release} is older than every profile (oldest ${oldest?.name ?? 'none'}): pass --profile`);
  }
  const exact = chosen.from[0] === v[0] && chosen.from[1] === v[1];
  const why = exact
    ? `release ${release} is ${v[0]}.${v[1]}`
    : `release ${release}: the newest profile not newer than ${v[0]}.${v[1]}`;
  return { profile: chosen.name, why };
}

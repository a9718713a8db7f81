/**
 * The default `memhp run` catches every bug switch: docs/bug-detection.json
 * (npm run detection) records, for each switch, the item of the default run
 * that fails first and after how many runs and steps; this test re-runs that
 * item with the default seed and budget and checks the record is current.
 * An item's first failing run does not depend on the other items
 * (properties/seeds.ts), so that item failing means the default run fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUG_SWITCHES, type BugSwitch } from '../../model/bugs.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { findProperty } from '../../properties/catalogue.ts';
import { detectIn, type Detection } from '../../properties/detection.ts';
import { repoRoot } from '../helpers/cli.ts';

const table = JSON.parse(readFileSync(join(repoRoot, 'docs/bug-detection.json'), 'utf8')) as Detection[];

/**
 * Switches no item of the default run catches: the two virtio-mem switches,
 * since the generation makes no machine with a `config virtio_mem` device
 * (their pinned scenarios, scenarios/bugs/virtio-mem-*.scn, catch them). Rows
 * caught outside the switch's own profile were searched with
 * `npm run detection -- --all-profiles --only NAME`.
 */
// kmem-plain-system-ram: the generation does not draw add_memory_driver_managed yet; its pinned scenario catches it
// virtio-mem-*: no generated machine has a virtio-mem device yet; their pinned scenarios catch them
// pfn-size-unchecked: no generated machine has a namespace in fsdax or devdax mode; its pinned scenario catches it
const NOT_CAUGHT_BY_DEFAULT_RUN: readonly string[] = ['virtio-mem-round-up', 'virtio-mem-keeps-empty-block', 'kmem-plain-system-ram', 'pfn-size-unchecked'];

describe('the default memhp run catches every bug switch', () => {
  it('docs/bug-detection.json has one row per switch (npm run detection rewrites it)', () => {
    expect(table.map((d) => d.bug)).toEqual(BUG_SWITCHES.map((b) => b.name));
    expect(table.filter((d) => d.profile === null).map((d) => d.bug)).toEqual(NOT_CAUGHT_BY_DEFAULT_RUN);
    for (const name of NOT_CAUGHT_BY_DEFAULT_RUN) {
      const bug: BugSwitch = BUG_SWITCHES.find((b) => b.name === name)!;
      expect(bug.layer === 'sparse' || bug.pinned !== undefined || bug.regression !== undefined, `${name} is caught nowhere else`).toBe(true);
    }
  });

  it.each(table.filter((d) => d.profile !== null).map((d) => [d.bug, d] as const))('%s', (name, recorded) => {
    const bug = BUG_SWITCHES.find((b) => b.name === name)!;
    const found = detectIn(bug, findProfile(recorded.profile!)!, findProperty(recorded.property!)!);
    expect(found, `${name}: ${recorded.profile} › ${recorded.property} passes now`).toEqual(recorded);
  });
});

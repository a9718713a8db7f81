/**
 * What a step changed, read off two observations (checks/changed-records.ts),
 * on hand-worked cases: the scoped invariant checks judge only what these name.
 */
import { describe, expect, it } from 'vitest';
import { changedBlockIds, changedMemmap, changedSectionNrs } from '../../checks/changed-records.ts';
import type { BlockObservation, MemmapRun, Observation, SectionObservation } from '../../model/observation.ts';

const run = (startPfn: number, endPfn: number, state: string): MemmapRun => ({ startPfn, endPfn, state });

const section = (nr: number, online = false): SectionObservation => ({
  nr,
  nid: 0,
  present: true,
  hasMemMap: true,
  online,
  early: false,
  usage: 'hotplug',
  subsectionMap: '0xffffffffffffffff',
  memmapBoot: '0x0',
  memmapHotplug: '0xffffffffffffffff',
  pfnValid: '0xffffffffffffffff',
});

const block = (id: number, state: 'online' | 'offline' = 'offline'): BlockObservation => ({ id, nid: 0, state, zone: state === 'online' ? 'Normal' : '-', validZones: 'Normal' });

const observation = (parts: Partial<Observation>): Observation =>
  ({ roots: [], sections: [], blocks: [], nodes: [], memmap: [], resources: [], pins: [], uninitReads: 0, ...parts }) as Observation;

describe('changedMemmap', () => {
  const a = run(0, 100, 'Normal/0');
  const b = run(100, 200, 'uninit');
  const c = run(300, 400, 'Movable/0');

  it.each<[string, MemmapRun[], MemmapRun[], Array<{ start: number; end: number }>]>([
    ['the same list', [a, b, c], [a, b, c], []],
    ['the same runs, new objects', [a, b, c], [run(0, 100, 'Normal/0'), run(100, 200, 'uninit'), run(300, 400, 'Movable/0')], []],
    ['one run split in two of its own state', [a, b], [run(0, 40, 'Normal/0'), run(40, 100, 'Normal/0'), b], []],
    ['a state changed', [a, b, c], [a, run(100, 200, 'Normal/0'), c], [{ start: 100, end: 200 }]],
    ['part of a run changed', [a, b], [run(0, 60, 'Normal/0'), run(60, 100, 'Movable/0'), b], [{ start: 60, end: 100 }]],
    ['a run gone', [a, b, c], [a, c], [{ start: 100, end: 200 }]],
    ['a run added in a gap', [a, c], [a, run(200, 300, 'uninit'), c], [{ start: 200, end: 300 }]],
    ['neighbouring changes joined', [a, b], [run(0, 100, 'Movable/0'), run(100, 200, 'Movable/0')], [{ start: 0, end: 200 }]],
    ['changes apart stay apart', [a, b, c], [run(0, 100, 'uninit'), b, run(300, 400, 'uninit')], [{ start: 0, end: 100 }, { start: 300, end: 400 }]],
    ['a run grown over a gap', [a, c], [a, run(200, 400, 'Movable/0')], [{ start: 200, end: 300 }]],
    ['everything gone', [a, b], [], [{ start: 0, end: 200 }]],
  ])('%s', (_what, before, after, want) => {
    expect(changedMemmap(before, after)).toEqual(want);
  });
});

describe('changedSectionNrs and changedBlockIds', () => {
  it('name the records added, removed or changed, not those that read the same', () => {
    const s1 = section(1);
    const s2 = section(2);
    const s3 = section(3);
    const before = observation({ sections: [s1, s2, s3], blocks: [block(0), block(1), block(2)] });
    const after = observation({
      // 1 the same object, 2 a new object reading the same, 3 gone, 4 new; block 1 onlined, 2 gone, 5 new
      sections: [s1, section(2), section(4)],
      blocks: [block(0), block(1, 'online'), block(5)],
    });
    expect([...changedSectionNrs(before, after)].sort((x, y) => x - y)).toEqual([3, 4]);
    expect([...changedBlockIds(before, after)].sort((x, y) => x - y)).toEqual([1, 2, 5]);
    expect([...changedSectionNrs(after, { ...after, sections: [s1, section(2, true), section(4)] })]).toEqual([2]);
  });

  it('compare lists out of order through maps, with the same answer', () => {
    const before = observation({ sections: [section(3), section(1)] });
    const after = observation({ sections: [section(1, true), section(3)] });
    expect([...changedSectionNrs(before, after)]).toEqual([1]);
  });
});

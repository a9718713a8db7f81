/**
 * Kinds of difference between two profiles, on concrete steps whose
 * behaviour the seeds describe (docs/seeds.md).
 */
import { describe, expect, it } from 'vitest';
import { opLabel } from '../../diff/kind.ts';
import { runPair } from '../../diff/minimize.ts';
import { DEFAULT_CONFIG } from '../../model/config.ts';
import { deriveGeometry, GEOMETRY_PRESETS } from '../../model/geometry.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Step } from '../../model/step.ts';

const M = 2 ** 20;
const G = 2 ** 30;
const spec = { geometry: deriveGeometry(GEOMETRY_PRESETS.x86_64!), config: DEFAULT_CONFIG, boot: [{ start: M, size: G - 2 * M, nid: 0 }] };
const p = (n: string) => findProfile(n)!;

describe('kinds of difference', () => {
  it('seed 002: an add into an active section is swallowed before v5.3 and -EEXIST from it', () => {
    const steps: Step[] = [
      { op: 'add_pages', start: 4 * G, size: 128 * M, nid: 0 },
      { op: 'add_pages', start: 4 * G, size: 2 * M, nid: 0 },
      { op: 'add_pages', start: 5 * G, size: 2 * M, nid: 0 },
    ];
    const w = runPair(p('v4.19'), p('v5.3'), spec, steps);
    // The whole-section add is the same in both; the collision is where they part; the run stops there.
    expect(w.steps).toHaveLength(2);
    expect(w.found).toBe('add_pages: ok → -EEXIST');
  });

  it('seed 001: hot-removing never-onlined memory reads its memmap before v5.5 only', () => {
    const steps: Step[] = [
      { op: 'add_memory', start: 4 * G, size: 128 * M, nid: 0 },
      { op: 'remove_memory', start: 4 * G, size: 128 * M },
    ];
    expect(runPair(p('v5.3'), p('v5.5'), spec, steps).found).toBe('remove_memory: reads uninitialised memmap (A only)');
    expect(runPair(p('v5.5'), p('v5.3'), spec, steps).found).toBe('remove_memory: reads uninitialised memmap (B only)');
  });

  it('seed 001: offlining shrinks the zone from v5.5 on', () => {
    const steps: Step[] = [
      { op: 'add_memory', start: 4 * G, size: 256 * M, nid: 0 },
      { op: 'state', block: 32, word: 'online' },
      { op: 'state', block: 33, word: 'online' },
      { op: 'state', block: 32, word: 'offline' },
    ];
    const w = runPair(p('v5.3'), p('v5.5'), spec, steps);
    expect(w.steps).toHaveLength(4);
    expect(w.found).toBe('state offline: zone Normal span');
  });

  it('the same profile twice never differs', () => {
    const steps: Step[] = [
      { op: 'add_memory', start: 4 * G, size: 256 * M, nid: 0 },
      { op: 'state', block: 32, word: 'online_movable' },
      { op: 'valid_zones', block: 33 },
      { op: 'remove_memory', start: 4 * G, size: 256 * M },
    ];
    const w = runPair(p('v5.5'), p('v5.5'), spec, steps);
    expect(w.found).toBeUndefined();
    expect(w.steps).toHaveLength(4);
  });

  it('names the operation with its word; online words that kstrtobool() reads alike are one', () => {
    expect(opLabel({ op: 'state', block: 3, word: 'online_movable' })).toBe('state online_movable');
    expect(['1', 'y', 'Y', 'on'].map((word) => opLabel({ op: 'online', block: 3, word }))).toEqual(Array(4).fill('online 1'));
    expect(['0', 'n', 'off'].map((word) => opLabel({ op: 'online', block: 3, word }))).toEqual(Array(3).fill('online 0'));
    expect(opLabel({ op: 'online', block: 3, word: '2' })).toBe('online 2');
    expect(opLabel({ op: 'query', query: 'pfn_valid', addr: 0 })).toBe('pfn_valid');
  });
});

/**
 * Profiles are named after the first kernel release that carries them; the
 * three historical ones were renamed (v4.11 → v4.10, v4.12 → v4.13,
 * v4.13 → v4.14) and their former names keep working as documented in
 * docs/historical-profiles.md "Names".
 */
import { describe, expect, it } from 'vitest';
import { findProfile, findProfileByFormerName, renamedProfileNote } from '../../model/profiles/index.ts';
import { seedName } from '../../properties/seeds.ts';

const name = (p: { readonly name: string } | undefined): string | undefined => p?.name;

describe('profile names', () => {
  it('the historical profiles carry the release that first shipped them', () => {
    expect(findProfile('v4.10')?.summary).toMatch(/^kernels v4\.10-v4\.12:/);
    expect(findProfile('v4.13')?.defining.commit).toBe('f1dd2cd13c4b');
    expect(findProfile('v4.14')?.defining.commit).toBe('c6f03e2903c9');
  });

  it('a former name nobody took resolves to the renamed profile; v4.13 is now the kernel-v4.13 profile', () => {
    expect(name(findProfile('v4.11'))).toBe('v4.10');
    expect(name(findProfile('v4.12'))).toBe('v4.13');
    expect(name(findProfile('v4.13'))).toBe('v4.13');
  });

  it('names from before the rename, as a saved failure file uses them', () => {
    expect(name(findProfileByFormerName('v4.11'))).toBe('v4.10');
    expect(name(findProfileByFormerName('v4.12'))).toBe('v4.13');
    expect(name(findProfileByFormerName('v4.13'))).toBe('v4.14');
    expect(name(findProfileByFormerName('v5.5'))).toBe('v5.5');
    expect(name(findProfileByFormerName('latest'))).toBe('v7.3');
    // no file written before the rename can name these
    expect(findProfileByFormerName('v4.10')).toBeUndefined();
    expect(findProfileByFormerName('v4.14')).toBeUndefined();
  });

  it('a note for every name whose meaning changed, none for the others', () => {
    expect(renamedProfileNote('v4.11')).toBe('profile v4.11 is now called v4.10, after the first kernel release with its semantics');
    expect(renamedProfileNote('v4.12')).toBe('profile v4.12 is now called v4.13, after the first kernel release with its semantics');
    expect(renamedProfileNote('v4.13')).toBe('profile v4.13 now names the semantics first released in v4.13 (formerly profile v4.12); the former profile v4.13 is v4.14');
    for (const n of ['v4.10', 'v4.14', 'v4.19', 'v5.5', 'latest']) expect(renamedProfileNote(n), n).toBeUndefined();
  });

  it('seeds are derived from the first name a profile had, so printed seeds keep drawing the same steps', () => {
    expect(seedName(findProfile('v4.10')!)).toBe('v4.11');
    expect(seedName(findProfile('v4.13')!)).toBe('v4.12');
    expect(seedName(findProfile('v4.14')!)).toBe('v4.13');
    expect(seedName(findProfile('v5.5')!)).toBe('v5.5');
  });
});

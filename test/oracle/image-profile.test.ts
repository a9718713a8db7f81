/** Which profile a kernel release is held to: the newest mainline profile not newer than it. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../base/usage-error.ts';
import { profileForRelease } from '../../oracle/image-profile.ts';

describe('profileForRelease', () => {
  it.each([
    ['7.3.4+deb13-amd64', 'v7.3'],
    ['6.1.176-memhp', 'v6.1'],
    ['6.1.0-50-amd64', 'v6.1'],
    ['6.3.0', 'v6.1'],
    ['6.5.13', 'v6.5'],
    ['6.8.0-rc1', 'v6.7'],
    ['6.10.2', 'v6.9'],
    ['6.11', 'v6.9'],
    ['6.12.117+deb13-amd64', 'v6.12'],
    ['5.4.0', 'v5.3'],
    ['5.10.0-32-amd64', 'v5.10'],
    ['8.0.0', 'v7.3'],
    // the oldest profiles, named after the first release that carries them (model/profiles/v4.13.ts)
    ['4.13.1', 'v4.13'],
    ['4.14.0', 'v4.14'],
    ['4.12.0', 'v4.10'],
  ])('%s → %s', (release, profile) => {
    expect(profileForRelease(release).profile).toBe(profile);
  });

  it('never picks a variant profile (v6.9-s390)', () => {
    expect(profileForRelease('6.9.0').profile).toBe('v6.9');
  });

  it('says why', () => {
    expect(profileForRelease('6.1.176-memhp').why).toBe('release 6.1.176-memhp is 6.1');
    expect(profileForRelease('6.8.0').why).toBe('release 6.8.0: the newest profile not newer than 6.8');
  });

  it('refuses a release older than every profile, or no version at all', () => {
    expect(() => profileForRelease('4.9.0')).toThrow(UsageError);
    expect(() => profileForRelease('4.9.0')).toThrow('older than every profile (oldest v4.10): pass --profile');
    expect(() => profileForRelease('custom')).toThrow('does not start with a version number');
  });
});

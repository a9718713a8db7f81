/**
 * Which model profile each real kernel is held to. The exact profiles
 * (`v5.10`, `v6.1`, `v6.12`, `v7.3`) are being written separately; until they
 * exist, each release maps to the nearest existing profile. This is the one
 * table to switch when they land.
 */
import type { KernelSeries } from './kernels.ts';

export const RELEASE_PROFILES: Readonly<Record<KernelSeries, string>> = {
  '5.10': 'v5.5',
  '6.1': 'v5.5',
  '6.12': 'v5.5',
  '7.3': 'v5.5',
};

/** The profile of the same name as the release, once it exists. */
export const EXACT_PROFILE: Readonly<Record<KernelSeries, string>> = {
  '5.10': 'v5.10',
  '6.1': 'v6.1',
  '6.12': 'v6.12',
  '7.3': 'v7.3',
};

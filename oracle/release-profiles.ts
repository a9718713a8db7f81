/** Which model profile each real kernel is held to: the profile named after its release. */
import type { KernelSeries } from './kernel-series.ts';

export const RELEASE_PROFILES: Readonly<Record<KernelSeries, string>> = {
  '5.10': 'v5.10',
  '6.1': 'v6.1',
  '6.12': 'v6.12',
  '7.3': 'v7.3',
};

/** The profile of the same name as the release, once it exists. */
export const EXACT_PROFILE: Readonly<Record<KernelSeries, string>> = {
  '5.10': 'v5.10',
  '6.1': 'v6.1',
  '6.12': 'v6.12',
  '7.3': 'v7.3',
};

/**
 * The modern rule values of a profile, with the values that hold before each
 * rule existed for profiles that carry no modern rules (before v5.10). Data
 * only: both implementations read it and act on it in their own code.
 */
import type { ModernRules, Profile } from '../profile.ts';

export interface ModernRuleValues {
  readonly memmapOnMemory: ModernRules['memmapOnMemory']['value'];
  readonly memmapRemove: ModernRules['memmapRemove']['value'];
  readonly hwpoisonOnline: ModernRules['hwpoisonOnline']['value'];
  readonly hwpoisonAgain: ModernRules['hwpoisonAgain']['value'];
  readonly onlinePolicy: ModernRules['onlinePolicy']['value'];
  readonly s390Online: ModernRules['s390Online']['value'];
  readonly onlinePage: ModernRules['onlinePage']['value'];
  readonly vmemmapZone: ModernRules['vmemmapZone']['value'];
  readonly unavailableMemmap: ModernRules['unavailableMemmap']['value'];
  /** memhp_default_state= knows online_kernel / online_movable (v5.7: every profile with modern rules). */
  readonly defaultOnlineTypes: boolean;
}

export function modernRuleValues(profile: Profile): ModernRuleValues {
  const m = profile.modern;
  return {
    memmapOnMemory: m?.memmapOnMemory.value ?? 'none',
    memmapRemove: m?.memmapRemove.value ?? 'none',
    hwpoisonOnline: m?.hwpoisonOnline.value ?? 'allowed',
    hwpoisonAgain: m?.hwpoisonAgain.value ?? 'ok',
    onlinePolicy: m?.onlinePolicy.value ?? 'contig-zones-only',
    s390Online: m?.s390Online.value ?? 'none',
    onlinePage: m?.onlinePage.value ?? 'online-section',
    vmemmapZone: m?.vmemmapZone.value ?? 'block',
    unavailableMemmap: m?.unavailableMemmap.value ?? 'zeroed',
    defaultOnlineTypes: m !== undefined,
  };
}

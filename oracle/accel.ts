/**
 * Which QEMU accelerator can boot a stock kernel here. A /dev/kvm without the
 * CPU's virtualisation flags (vmx/svm) is a paravirtual flavour (e.g. PVM in a
 * Firecracker sandbox) that cannot run an unmodified guest kernel, so TCG is
 * used. MEMHP_ACCEL=kvm|tcg overrides.
 */
import { accessSync, constants, readFileSync } from 'node:fs';

export type Accel = 'kvm' | 'tcg';

export function chooseAccel(): Accel {
  const forced = process.env.MEMHP_ACCEL;
  if (forced === 'kvm' || forced === 'tcg') return forced;
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return 'tcg';
  }
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return /^flags\s*:.*\b(vmx|svm)\b/m.test(cpuinfo) ? 'kvm' : 'tcg';
}

export function accelArgs(a: Accel): string[] {
  return a === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg', '-cpu', 'max'];
}

/**
 * Where a kernel's build options come from (its config file, else the
 * guest's /proc/config.gz, read once per image) and the refusal when it
 * lacks what a scenario needs.
 */
import { readFileSync } from 'node:fs';
import { note } from '../base/note.ts';
import { UsageError } from '../base/usage-error.ts';
import type { KernelImage } from './kernel-image.ts';
import { checkedOptionNames, layoutNotes, missingOptions, parseKernelConfig, requiredOptionNames } from './kernel-config.ts';
import type { KernelMachine } from './kernel-machine.ts';

/** Per image: its options, or null when none could be read (noted once). */
const seen = new Map<string, ReadonlyMap<string, string> | null>();

function label(k: KernelImage): string {
  return k.series !== undefined ? `kernel ${k.series}` : k.vmlinuz;
}

/** The options of an image whose config is a file; notes layout differences once. */
export function fileKernelConfig(kernel: KernelImage): ReadonlyMap<string, string> | null {
  if (kernel.config === undefined) return null;
  const known = seen.get(kernel.vmlinuz);
  if (known !== undefined) return known;
  const cfg = parseKernelConfig(readFileSync(kernel.config, 'utf8'));
  seen.set(kernel.vmlinuz, cfg);
  for (const n of layoutNotes(cfg)) note(`${label(kernel)}: ${n}`);
  return cfg;
}

/** The options of a booted image without a config file, from /proc/config.gz (only the ones the checks ask about). */
export async function guestKernelConfig(kernel: KernelImage, km: KernelMachine): Promise<ReadonlyMap<string, string> | null> {
  const known = seen.get(kernel.vmlinuz);
  if (known !== undefined) return known;
  const pattern = checkedOptionNames().join('|');
  const r = await km.vm.shell.run(
    `if test -r /proc/config.gz; then zcat /proc/config.gz | grep -E '^(# )?CONFIG_(${pattern})[= ]'; echo MEMHP-CONFIG-READ; fi`,
  );
  let cfg: ReadonlyMap<string, string> | null = null;
  if (r.output.includes('MEMHP-CONFIG-READ')) {
    const parsed = parseKernelConfig(r.output);
    // A required option grep did not print is absent from the config: not set.
    for (const name of requiredOptionNames()) if (!parsed.has(name)) parsed.set(name, 'n');
    cfg = parsed;
    for (const n of layoutNotes(parsed)) note(`${label(kernel)}: ${n}`);
  } else {
    note(`${label(kernel)}: no kernel config known (no --config, no .config beside the image, no /proc/config.gz in the guest): its options are not checked`);
  }
  seen.set(kernel.vmlinuz, cfg);
  return cfg;
}

/** One line naming every missing option, or nothing. */
export function requireOptions(kernel: KernelImage, cfg: ReadonlyMap<string, string> | null): void {
  if (cfg === null) return;
  const missing = missingOptions(cfg);
  if (missing.length > 0) throw new UsageError(`${label(kernel)} (${kernel.release}) cannot run this scenario: built without ${missing.join(', ')}`);
}

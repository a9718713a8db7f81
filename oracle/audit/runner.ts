/**
 * Runs audit items on one kernel, each on a guest fresh from boot: the first
 * item of a kernel command line boots the kernel and saves the booted guest,
 * every later item (and every shrink rerun) starts from that saved copy
 * (oracle/boot-snapshot.ts). A restore is the booted machine to the byte, so
 * an item's answers never depend on the items before it, and it costs a
 * fraction of a boot. Base and patched runners of the same image share the
 * saved boots (the caller passes both the same store).
 */
import { parseScenario } from '../../scenario/index.ts';
import type { BootSnapshots } from '../boot-snapshot.ts';
import type { KernelImage as BootImage } from '../kernel-image.ts';
import { recordScenario } from '../run-kernel.ts';
import { GuestFailure } from '../vm.ts';
import type { RecordLike } from '../record.ts';
import { itemSource, type AuditItem } from './items.ts';

/** One kernel as the audit sees it; tests give functions instead of guests. */
export interface KernelRunner {
  readonly name: string;
  run(item: AuditItem, onStep?: (index: number, total: number) => void): Promise<RecordLike>;
}

/** Boot failures in a row (each already retried once by KernelMachine.boot) before the audit gives up. */
const BOOT_ATTEMPTS = 3;

export class GuestRunner implements KernelRunner {
  constructor(
    readonly name: string,
    private readonly image: BootImage,
    private readonly snapshots: BootSnapshots,
    private readonly status?: (text: string) => void,
  ) {}

  async run(item: AuditItem, onStep?: (index: number, total: number) => void): Promise<RecordLike> {
    const source = itemSource(item);
    const scenario = parseScenario(source, item.name);
    const image = { ...this.image, name: this.name };
    for (let attempt = 1; ; attempt++) {
      try {
        onStep?.(0, scenario.steps.length);
        const rec = await recordScenario(image, item.name, source, scenario, {
          boot: { snapshots: this.snapshots },
          onStep: (i) => (i + 1 < scenario.steps.length ? onStep?.(i + 1, scenario.steps.length) : undefined),
        });
        return { scenario: item.name, source: rec.source, initial: rec.initial, steps: rec.steps };
      } catch (e) {
        // a boot that never came up (KernelMachine.boot already tried twice) says nothing about the
        // kernel's hotplug semantics, and TCG boots on a loaded machine do fail now and then
        if (!(e instanceof GuestFailure) || attempt >= BOOT_ATTEMPTS) throw e;
        this.status?.(`boot failed (${e.message.split('\n')[0]}), booting again (${attempt + 1}/${BOOT_ATTEMPTS})`);
      }
    }
  }
}

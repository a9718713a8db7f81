/**
 * Runs audit items on one kernel: one guest at a time, reused while the
 * kernel command line stays the same and put back to its boot state between
 * items (oracle/campaign.ts's Guest: DIMMs ejected, boot blocks onlined
 * again, a reboot when that does not restore the boot state).
 */
import { parseScenario } from '../../scenario/index.ts';
import { Guest, playSequence } from '../campaign.ts';
import { kernelCmdline } from '../expressible.ts';
import type { KernelImage as BootImage } from '../kernel-image.ts';
import { GuestFailure } from '../vm.ts';
import type { RecordLike } from '../record.ts';
import { itemSource, type AuditItem } from './items.ts';

/** One kernel as the audit sees it; tests give functions instead of guests. */
export interface KernelRunner {
  readonly name: string;
  run(item: AuditItem, onStep?: (index: number, total: number) => void): Promise<RecordLike>;
  close(): void;
}

/** Boot failures in a row (each already retried once by KernelMachine.boot) before the audit gives up. */
const BOOT_ATTEMPTS = 3;

export class GuestRunner implements KernelRunner {
  private current: { key: string; guest: Guest } | undefined;
  boots = 0;

  constructor(
    readonly name: string,
    private readonly image: BootImage,
    private readonly status?: (text: string) => void,
  ) {}

  async run(item: AuditItem, onStep?: (index: number, total: number) => void): Promise<RecordLike> {
    const source = itemSource(item);
    const parsed = parseScenario(source, item.name);
    const cmd = kernelCmdline(parsed.config, parsed.boot);
    if (typeof cmd === 'string') throw new Error(`${item.name}: ${cmd}`);
    const key = cmd.join(' ');
    if (this.current?.key !== key) {
      // one guest per kernel at a time: the machine has two cores for two kernels
      this.close();
      this.current = { key, guest: new Guest({ ...this.image, name: this.name }, cmd, this.status) };
    }
    const guest = this.current.guest;
    const before = guest.boots;
    let played: Awaited<ReturnType<typeof playSequence>>;
    for (let attempt = 1; ; attempt++) {
      try {
        // the reset may reboot too
        if (guest.dirty) await guest.reset();
        guest.dirty = true;
        played = await playSequence(guest, item.name, item.config, item.steps, onStep);
        break;
      } catch (e) {
        // a boot that never came up (KernelMachine.boot already tried twice) says nothing about the
        // kernel's hotplug semantics, and TCG boots on a loaded machine do fail now and then
        if (!(e instanceof GuestFailure) || attempt >= BOOT_ATTEMPTS) throw e;
        this.status?.(`boot failed (${e.message.split('\n')[0]}), booting again (${attempt + 1}/${BOOT_ATTEMPTS})`);
        guest.close();
        guest.dirty = false;
      }
    }
    this.boots += guest.boots - before;
    return { scenario: item.name, source: played.source, initial: played.initial, steps: played.steps };
  }

  close(): void {
    this.current?.guest.close();
    this.current = undefined;
  }
}

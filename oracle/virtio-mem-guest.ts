/**
 * The guest's virtio-mem device (`config virtio_mem`): QEMU's
 * virtio-mem-pci over a RAM backend at the scenario's address, the modules
 * the stock kernels need for it (oracle/setup/fetch-modules.sh),
 * the host's resize (QMP qom-set requested-size) and the wait for the
 * driver, which works asynchronously, to settle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VirtioMemDevice } from '../model/step.ts';
import type { KernelImage } from './kernel-image.ts';
import { MissingPrerequisite } from './kernel-series.ts';
import { KERNELS_DIR } from './paths.ts';
import type { Qmp } from './qmp.ts';

export const VIRTIO_MEM_ID = 'vm0';
const BACKEND_ID = 'vmem0';

/** QEMU arguments: the backend and the device, nothing plugged at boot. */
export function virtioMemArgs(d: VirtioMemDevice): string[] {
  return [
    '-object', `memory-backend-ram,id=${BACKEND_ID},size=${d.size}`,
    '-device', `virtio-mem-pci,id=${VIRTIO_MEM_ID},memdev=${BACKEND_ID},node=0,requested-size=0,memaddr=${d.start},block-size=${d.block}`,
  ];
}

/**
 * The module folder (`load-order` lists the .ko files, dependencies first) for
 * this kernel; undefined for an image file, which must build virtio-mem in.
 */
export function virtioMemModules(kernel: KernelImage): string | undefined {
  if (kernel.series === undefined) return undefined;
  const dir = join(KERNELS_DIR, kernel.series, 'virtio-mem-modules');
  const order = join(dir, 'load-order');
  if (!existsSync(order) || readFileSync(order, 'utf8').trim() === '') {
    throw new MissingPrerequisite(`the virtio-mem modules of kernel ${kernel.series} are not fetched: run bash oracle/setup/fetch-modules.sh ${kernel.series}`);
  }
  return dir;
}

/** The device's plugged size as the host sees it (the device's `size` property). */
export async function pluggedSize(qmp: Qmp): Promise<number> {
  return Number(await qmp.execute('qom-get', { path: `/machine/peripheral/${VIRTIO_MEM_ID}`, property: 'size' }));
}

/** How long the plugged size may stay put before the driver is taken to have done what it will. */
const QUIET_MS = 6_000;
const SETTLE_TIMEOUT_MS = 90_000;
const POLL_MS = 250;

/** Counts the driver's "requested size" lines in the guest's kernel log (virtio_mem_refresh_config() prints one per config change it reads). */
export const REQUESTS_SEEN_COMMAND = `dmesg | grep -c 'requested size: 0x'; true`;

/**
 * Sets the requested size, waits until the driver has read it (`seen`
 * answers the count of its "requested size" log lines, which must pass
 * `before`), then until the plugged size reaches it or stops moving for
 * QUIET_MS (the driver plugs only whole sub-blocks and no block past its
 * offline threshold). Throws when the driver never reads the request, or
 * the size is still moving after SETTLE_TIMEOUT_MS.
 */
export async function resize(qmp: Qmp, size: number, seen: () => Promise<number>): Promise<number> {
  const before = await seen();
  await qmp.execute('qom-set', { path: `/machine/peripheral/${VIRTIO_MEM_ID}`, property: 'requested-size', value: size });
  const t0 = Date.now();
  // the same size again is no config change: the driver reads nothing
  let now = await pluggedSize(qmp);
  while (now !== size && (await seen()) <= before) {
    if (Date.now() - t0 > SETTLE_TIMEOUT_MS) throw new Error(`virtio-mem: the guest's driver did not read the requested size 0x${size.toString(16)} within ${SETTLE_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    now = await pluggedSize(qmp);
  }
  let last = await pluggedSize(qmp);
  let since = Date.now();
  for (;;) {
    if (last === size) return last;
    await new Promise((r) => setTimeout(r, POLL_MS));
    const now = await pluggedSize(qmp);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return last;
    if (Date.now() - t0 > SETTLE_TIMEOUT_MS) {
      throw new Error(`virtio-mem: plugged size still moving after ${SETTLE_TIMEOUT_MS / 1000} s (at 0x${last.toString(16)}, requested 0x${size.toString(16)})`);
    }
  }
}

/** "System RAM (virtio_mem)" lines of /proc/iomem as `0x<first>-0x<last>`, from lines marked `V <first>-<last> : …`. */
export function parseVirtioRanges(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^V ([0-9a-f]+)-([0-9a-f]+) : System RAM \(virtio_mem\)$/.exec(line.trim());
    if (m !== null) out.push(`0x${BigInt(`0x${m[1]}`).toString(16)}-0x${BigInt(`0x${m[2]}`).toString(16)}`);
  }
  return out;
}

/** The shell command that prints those lines. */
export const VIRTIO_RANGES_COMMAND = `grep -E ' : System RAM \\(virtio_mem\\)$' /proc/iomem | sed 's/^ */V /'; true`;

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
export async function pluggedSize(qmp: Pick<Qmp, 'execute'>): Promise<number> {
  return Number(await qmp.execute('qom-get', { path: `/machine/peripheral/${VIRTIO_MEM_ID}`, property: 'size' }));
}

/** How long the plugged size may stay put before the driver is taken to have done what it will. */
const QUIET_MS = 6_000;
const SETTLE_TIMEOUT_MS = 90_000;
const POLL_MS = 250;
/** Config changes sent again when a resize stops short, each restarting the driver's retry at once. */
const MOST_RETRIES = 3;

/**
 * The number of "requested size" lines in the guest's kernel log and the
 * newest of them: virtio_mem_refresh_config() prints one each time a run of
 * the driver's workqueue reads a config change (drivers/virtio/virtio_mem.c,
 * v5.8 on), so the answer changes when the driver has read a request. The
 * line's timestamp keeps it changing should the log ring wrap.
 */
export const REQUESTS_SEEN_COMMAND = `dmesg | grep -c 'requested size: 0x'; dmesg | grep 'requested size: 0x' | tail -1; true`;

/** The host side of a resize: the device's QMP and the guest's log of the driver's reads. */
export interface ResizePort {
  execute(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** REQUESTS_SEEN_COMMAND's answer. */
  seen(): Promise<string>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Sets the requested size, waits until the driver has read it, then until
 * the plugged size reaches it or stops moving for QUIET_MS (the driver plugs
 * only whole sub-blocks and no block past its offline threshold). Throws when
 * the driver never reads the request, or the size is still moving after
 * SETTLE_TIMEOUT_MS.
 */
async function request(port: ResizePort, size: number): Promise<number> {
  const mark = await port.seen();
  await port.execute('qom-set', { path: `/machine/peripheral/${VIRTIO_MEM_ID}`, property: 'requested-size', value: size });
  const t0 = Date.now();
  while ((await port.seen()) === mark) {
    if (Date.now() - t0 > SETTLE_TIMEOUT_MS) throw new Error(`virtio-mem: the guest's driver did not read the requested size 0x${size.toString(16)} within ${SETTLE_TIMEOUT_MS / 1000} s`);
    await sleep(POLL_MS);
  }
  let last = await pluggedSize(port);
  let since = Date.now();
  for (;;) {
    if (last === size) return last;
    await sleep(POLL_MS);
    const now = await pluggedSize(port);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return last;
    if (Date.now() - t0 > SETTLE_TIMEOUT_MS) {
      throw new Error(`virtio-mem: plugged size still moving after ${SETTLE_TIMEOUT_MS / 1000} s (at 0x${last.toString(16)}, requested 0x${size.toString(16)})`);
    }
  }
}

/**
 * The host's resize, answering the plugged size the driver settles at. A run
 * of the driver that cannot take a sub-block back (alloc_contig_range()
 * failing on a page in transit, virtio_mem_fake_offline()) is retried by the
 * driver's own timer only 50 s later (VIRTIO_MEM_RETRY_TIMER_MIN_MS), which
 * a busy host makes likely; so a resize that stops short sends the same size
 * again: QEMU notifies a config change even then
 * (virtio_mem_set_requested_size(), hw/virtio/virtio-mem.c) and the driver
 * runs at once (virtio_mem_config_changed()). A size that one more run does
 * not move is where the driver stays.
 */
export async function resize(port: ResizePort, size: number): Promise<number> {
  let last = await request(port, size);
  for (let retry = 0; retry < MOST_RETRIES && last !== size; retry++) {
    const now = await request(port, size);
    if (now === last) break;
    last = now;
  }
  return last;
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

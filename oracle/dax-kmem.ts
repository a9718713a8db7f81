/**
 * dax kmem on the guest (docs/oracle.md, "Driver-managed memory (dax kmem)").
 * A legacy-PMEM namespace is set up for devdax by sysfs alone at its first
 * memremap_pages (oracle/pfn-seed.ts: the region's dax seed gets a uuid,
 * mode, align and the namespace; a refused write is the step's answer), which
 * then binds the seed to dax_pmem (nd autoprobe is off), whose daxX.Y device
 * device_dax takes (dev_dax_probe()'s
 * devm_memremap_pages() of the whole namespace, info block and memmap
 * included), or binds device_dax again; memunmap_pages is device_dax's
 * unbind; add_memory_driver_managed is kmem's bind — whose write answers
 * dev_dax_kmem_probe()'s errno — and remove_memory kmem's unbind. kmem's id
 * is registered while device_dax holds the device, so new_id attaches nothing.
 */
import { errnoOfMessage } from './errno-text.ts';
import { configureSeed, findSeed } from './pfn-seed.ts';
import type { GuestState } from './guest-state.ts';
import type { SerialChannel } from './channel.ts';

const ND = '/sys/bus/nd';
/**
 * The answer of a kmem unbind whose write succeeded while the memory stayed:
 * dev_dax_kmem_remove() (drivers/dax/kmem.c) cannot fail the unbind, so a
 * remove_memory() refused inside it (-EBUSY: a block still online) leaves the
 * blocks and "System RAM (kmem)" until reboot, with kmem no longer bound.
 */
export const KMEM_REMOVE_FAILED = 'kmem-remove-failed';
const DAX = '/sys/bus/dax';
const MEM = '/sys/devices/system/memory';
/** The devdax info block's alignment the guest asks for: the default, 2 MiB (nd_pfn_default_alignment() on x86_64). */
const DEVDAX_ALIGN = 2 * 2 ** 20;

interface DaxDevice {
  /** The nd bus's dax seed (daxN.M) the namespace goes to. */
  readonly seed: string;
  /** The seed's `align` (bytes). */
  readonly align: number;
  /** The seed holds the namespace (its writes all went through once). */
  configured: boolean;
  /** daxX.Y on the dax bus, once dax_pmem made it. */
  dev?: string;
  /** The namespace under it (its iomem claim is dax_pmem's, not a memremap_pages() range). */
  readonly namespace: string;
  /** The namespace's range (memremap_pages / memunmap_pages). */
  readonly nsStart: number;
  readonly nsSize: number;
  /** The range kmem adds, once known: the device's range rounded in to memory blocks (dax_kmem_range(), drivers/dax/kmem.c). */
  kmemStart?: number;
  kmemSize?: number;
  /** device_dax holds the device (its memremap_pages() range is live). */
  mapped: boolean;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

export class DaxKmem {
  private readonly devices: DaxDevice[] = [];

  constructor(
    private readonly shell: SerialChannel,
    private readonly blockSize: number,
  ) {}

  /** At boot: finds the namespace over exactly [start, start + size) and its region's dax seed; nothing is written yet. */
  async devdax(start: number, size: number, align: number = DEVDAX_ALIGN): Promise<void> {
    const { seed, namespace } = await findSeed(this.shell, 'dax', start, size);
    this.devices.push({ seed, namespace, nsStart: start, nsSize: size, align, configured: false, mapped: false });
  }

  /** Whether [start, start + size) is a namespace set up for devdax (its memremap_pages / memunmap_pages are device_dax's). */
  isDevdax(start: number, size: number): boolean {
    return this.devices.some((d) => d.nsStart === start && d.nsSize === size);
  }

  /** memremap_pages of a devdax namespace: dax_pmem's bind the first time, device_dax's after. */
  async map(start: number, size: number): Promise<[string, string?]> {
    const d = this.devices.find((x) => x.nsStart === start && x.nsSize === size) as DaxDevice;
    if (d.dev !== undefined) {
      const again = await this.write(`echo ${d.dev} > ${DAX}/drivers/device_dax/bind`);
      if (again[0] === 'ok') d.mapped = true;
      return again;
    }
    if (!d.configured) {
      // the seed's writes answer first: a bad align (-EINVAL), a namespace below 16 MiB (-ENXIO)
      const set = await configureSeed(this.shell, d, d.align);
      if (set[0] !== 'ok') return set;
      d.configured = true;
    }
    const first = await this.write(`echo ${d.seed} > ${ND}/drivers/dax_pmem/bind`);
    if (first[0] !== 'ok') return first;
    const r = await this.shell.run(`for x in ${DAX}/devices/dax*; do [ -e $x/resource ] && echo "D \${x##*/} $(cat $x/resource) $(cat $x/size)"; done; true`);
    const found = r.output
      .split('\n')
      .map((l) => /^D (\S+) (0x[0-9a-f]+) (\d+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ dev: m[1] as string, start: Number(BigInt(m[2] as string)), size: Number(m[3]) }))
      .find((x) => x.start >= start && x.start + x.size <= start + size);
    if (found === undefined) throw new Error(`dax_pmem bound ${d.seed} but no dax device lies in ${hex(start)} ${hex(size)}: ${r.output.trim()}`);
    // device_dax holds the device now, so kmem's new id attaches nothing yet
    const id = await this.write(`echo ${found.dev} > ${DAX}/drivers/kmem/new_id`);
    if (id[0] !== 'ok') throw new Error(`kmem new_id ${found.dev} failed: ${id.join(' ')}`);
    d.dev = found.dev;
    d.kmemStart = Math.ceil(found.start / this.blockSize) * this.blockSize;
    d.kmemSize = Math.floor((found.start + found.size) / this.blockSize) * this.blockSize - d.kmemStart;
    d.mapped = true;
    return ['ok'];
  }

  /** memunmap_pages of a devdax namespace: device_dax's unbind (dev_dax_probe()'s devm release). */
  async unmap(start: number, size: number): Promise<[string, string?]> {
    const d = this.devices.find((x) => x.nsStart === start && x.nsSize === size) as DaxDevice;
    if (d.dev === undefined) return ['-ENODEV', 'no dax device yet: the namespace was never mapped'];
    const r = await this.write(`echo ${d.dev} > ${DAX}/drivers/device_dax/unbind`);
    if (r[0] === 'ok') d.mapped = false;
    return r;
  }

  /**
   * A devdax namespace's iomem lines: dax_pmem's claim of the info block and
   * memmap at its start (namespaceN.M) and device_dax's or kmem's claim of
   * the rest (daxX.Y). While device_dax holds the device the two, adjacent
   * and covering the namespace, are the model's device range: one line. The
   * rest of the time neither is a range the model has (kmem's claim is the
   * parent of the "System RAM (kmem)" line, which is compared).
   */
  hideDevdaxClaims(s: GuestState): GuestState {
    const iomem = s.iomem;
    if (iomem === undefined || this.devices.length === 0) return s;
    const span = (l: string): [number, number] => {
      const m = /^0x([0-9a-f]+)-0x([0-9a-f]+) /.exec(l);
      return m === null ? [NaN, NaN] : [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16) + 1];
    };
    const out = iomem.filter((l) => !/ dax\d+\.\d+$/.test(l) && !this.devices.some((d) => l.endsWith(` ${d.namespace}`)));
    for (const d of this.devices) {
      if (!d.mapped) continue;
      const own = iomem.filter((l) => l.endsWith(` ${d.namespace}`) || (d.dev !== undefined && l.endsWith(` ${d.dev}`)));
      const spans = own.map(span).sort((x, y) => x[0] - y[0]);
      const whole = spans.length === 2 && spans[0]?.[0] === d.nsStart && spans[0][1] === spans[1]?.[0] && spans[1][1] === d.nsStart + d.nsSize;
      // kept as read when they do not cover the namespace, so the comparison shows them
      out.push(...(whole ? [`0x${d.nsStart.toString(16)}-0x${(d.nsStart + d.nsSize - 1).toString(16)} ${d.namespace}`] : own));
    }
    const order = (l: string): number => (l.includes('Persistent Memory') ? 0 : 1);
    return { ...s, iomem: out.sort((x, y) => span(x)[0] - span(y)[0] || order(x) - order(y)) };
  }

  /** add_memory_driver_managed: device_dax lets the device go, kmem binds it (dev_dax_kmem_probe()). */
  async bind(start: number, size: number): Promise<[string, string?]> {
    const d = this.deviceFor(start, size);
    return this.write(`echo ${d.dev} > ${DAX}/drivers/kmem/bind`);
  }

  private async write(command: string): Promise<[string, string?]> {
    const r = await this.shell.run(`${command} && echo MEMHP-OK`);
    if (r.output.includes('MEMHP-OK')) return ['ok'];
    const e = errnoOfMessage(r.output);
    return e !== undefined ? [e] : ['error', r.output.trim() || `exit status ${r.status}, no message`];
  }

  /**
   * remove_memory: kmem's unbind. The driver core cannot refuse it, so when
   * remove_memory() fails inside dev_dax_kmem_remove() (a block still online)
   * the write still succeeds and the memory stays until reboot; what answers
   * is whether the blocks went: KMEM_REMOVE_FAILED when they did not.
   */
  async unbind(start: number, size: number): Promise<[string, string?]> {
    const d = this.deviceFor(start, size);
    const first = start / this.blockSize;
    const r = await this.shell.run(`echo ${d.dev} > ${DAX}/drivers/kmem/unbind && echo MEMHP-OK; test -d ${MEM}/memory${first} && echo MEMHP-LEFT; true`);
    if (!r.output.includes('MEMHP-OK')) {
      const e = errnoOfMessage(r.output);
      return e !== undefined ? [e] : ['error', r.output.trim() || `exit status ${r.status}, no message`];
    }
    if (!r.output.includes('MEMHP-LEFT')) return ['ok'];
    const why = await this.shell.run(`dmesg | grep -E '${d.dev}: .*hotremove' | tail -1`);
    return [KMEM_REMOVE_FAILED, `kmem unbind answered ok but remove_memory() failed: memory block ${first} is still there${why.output.trim() !== '' ? `: ${why.output.trim().replace(/^\[[^\]]*\] */, '')}` : ''}`];
  }

  private deviceFor(start: number, size: number): DaxDevice & { dev: string } {
    const d = this.devices.find((x) => x.kmemStart === start && x.kmemSize === size);
    if (d?.dev === undefined) {
      const seen = this.devices.map((x) => (x.dev === undefined ? `${x.namespace} not mapped yet` : `${x.dev} ${hex(x.kmemStart ?? 0)} ${hex(x.kmemSize ?? 0)}`)).join(', ') || 'none';
      throw new Error(`no devdax device gives kmem exactly ${hex(start)} ${hex(size)} (a devdax namespace is mapped first, memremap_pages; kmem ranges: ${seen})`);
    }
    return d as DaxDevice & { dev: string };
  }
}

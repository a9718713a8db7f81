/**
 * fsdax namespaces on the guest (docs/oracle.md, "Namespace modes"): a
 * `config pmem … mode=fsdax` range's namespace goes to its region's pfn seed
 * (oracle/pfn-seed.ts) at the first memremap_pages, and the seed is bound to
 * nd_pmem: pmem_attach_disk() (drivers/nvdimm/pmem.c) requests the whole
 * namespace (its iomem line, named after the namespace) and calls
 * devm_memremap_pages() with the altmap nvdimm_setup_pfn() laid out (info
 * block, then the memmap, at the namespace's start). memunmap_pages is the
 * seed's unbind.
 */
import { errnoOfMessage } from './errno-text.ts';
import type { SerialChannel } from './channel.ts';
import { configureSeed, findSeed, type PfnSeed } from './pfn-seed.ts';

const DRIVER = '/sys/bus/nd/drivers/nd_pmem';

interface FsdaxNamespace extends PfnSeed {
  readonly start: number;
  readonly size: number;
  readonly align: number;
  /** The seed holds the namespace (its writes all went through once). */
  configured: boolean;
}

export class Fsdax {
  private readonly namespaces: FsdaxNamespace[] = [];

  constructor(private readonly shell: SerialChannel) {}

  /** At boot: finds the namespace and the pfn seed it will go to; nothing is written yet. */
  async add(start: number, size: number, align: number): Promise<void> {
    this.namespaces.push({ ...(await findSeed(this.shell, 'pfn', start, size)), start, size, align, configured: false });
  }

  has(start: number, size: number): boolean {
    return this.namespaces.some((n) => n.start === start && n.size === size);
  }

  /** memremap_pages: the seed's writes the first time, then nd_pmem's bind of the seed. */
  async map(start: number, size: number): Promise<[string, string?]> {
    const n = this.find(start, size);
    if (!n.configured) {
      const set = await configureSeed(this.shell, n, n.align);
      if (set[0] !== 'ok') return set;
      n.configured = true;
    }
    return this.write(`echo ${n.seed} > ${DRIVER}/bind`);
  }

  /** memunmap_pages: nd_pmem's unbind of the seed (the devm release runs memunmap_pages()). */
  async unmap(start: number, size: number): Promise<[string, string?]> {
    return this.write(`echo ${this.find(start, size).seed} > ${DRIVER}/unbind`);
  }

  private find(start: number, size: number): FsdaxNamespace {
    const n = this.namespaces.find((x) => x.start === start && x.size === size);
    if (n === undefined) throw new Error(`no fsdax namespace over 0x${start.toString(16)} 0x${size.toString(16)}`);
    return n;
  }

  private async write(command: string): Promise<[string, string?]> {
    const r = await this.shell.run(`${command} && echo MEMHP-OK`);
    if (r.output.includes('MEMHP-OK')) return ['ok'];
    const e = errnoOfMessage(r.output);
    return e !== undefined ? [e] : ['error', r.output.trim() || `exit status ${r.status}, no message`];
  }
}

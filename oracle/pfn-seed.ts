/**
 * A legacy-PMEM namespace put in fsdax or devdax mode by sysfs alone (no
 * ndctl): its region's pfn or dax seed gets a uuid, `mode` pmem (the memmap
 * on the device), `align` and the namespace; then nd_pmem (fsdax) or
 * dax_pmem (devdax) binds the seed. The writes are a step's first part
 * (memremap_pages of the namespace), so a write the kernel refuses —
 * align_store()'s -EINVAL, nd_namespace_store()'s -ENXIO for a namespace
 * below 16 MiB (drivers/nvdimm/pfn_devs.c, claim.c) — is that step's answer.
 */
import { errnoOfMessage } from './errno-text.ts';
import type { SerialChannel } from './channel.ts';

const ND = '/sys/bus/nd';
const hex = (n: number): string => `0x${n.toString(16)}`;
const NAMESPACE_WAIT_MS = 10_000;

export interface PfnSeed {
  /** The namespace over the range (namespaceN.M). */
  readonly namespace: string;
  /** The region's seed device the namespace is given to (pfnN.M or daxN.M), read at boot. */
  readonly seed: string;
}

/** The namespace over exactly [start, start + size) and its region's `pfn_seed` or `dax_seed`. */
export async function findSeed(shell: SerialChannel, kind: 'pfn' | 'dax', start: number, size: number): Promise<PfnSeed> {
  let namespace: string | undefined;
  // nd_e820's namespaces register asynchronously: a late one is waited for (up to NAMESPACE_WAIT_MS)
  for (let waited = 0; namespace === undefined && waited <= NAMESPACE_WAIT_MS; waited += 500) {
    if (waited > 0) await new Promise((r) => setTimeout(r, 500));
    const list = await shell.run(`for n in ${ND}/devices/namespace*.*; do [ -e $n/resource ] && echo "N \${n##*/} $(cat $n/resource) $(cat $n/size)"; done; true`);
    namespace = list.output
      .split('\n')
      .map((l) => /^N (\S+) (0x[0-9a-f]+) (\d+)$/.exec(l.trim()))
      .find((m) => m !== null && Number(BigInt(m[2] as string)) === start && Number(m[3]) === size)?.[1];
  }
  if (namespace === undefined) throw new Error(`the guest has no namespace over exactly ${hex(start)} ${hex(size)} to put in ${kind === 'pfn' ? 'fsdax' : 'devdax'} mode`);
  const r = await shell.run(`cat $(dirname $(readlink -f ${ND}/devices/${namespace}))/${kind}_seed`);
  const seed = r.output.trim();
  if (r.status !== 0 || !new RegExp(`^${kind}\\d+\\.\\d+$`).test(seed)) throw new Error(`no ${kind}_seed in the region of ${namespace}: ${r.output.trim()}`);
  return { namespace, seed };
}

/**
 * The seed's configuration writes, stopping at the first the kernel refuses:
 * 'ok', or that write's errno with a note naming it.
 */
export async function configureSeed(shell: SerialChannel, s: PfnSeed, align: number): Promise<[string, string?]> {
  const d = `${ND}/devices/${s.seed}`;
  const script = [
    `w() { echo "$1" > ${d}/$2 || { echo "MEMHP-REFUSED $2"; return 1; }; }`,
    `w $(cat /proc/sys/kernel/random/uuid) uuid && w pmem mode && w ${align} align && w ${s.namespace} namespace && echo MEMHP-OK`,
  ].join('\n');
  const r = await shell.run(script);
  if (r.output.includes('MEMHP-OK')) return ['ok'];
  const file = /MEMHP-REFUSED (\w+)/.exec(r.output)?.[1];
  const e = errnoOfMessage(r.output);
  const note = `${s.seed}/${file ?? '?'} refused ${file === 'align' ? align : file === 'namespace' ? s.namespace : ''}`.trim();
  return e !== undefined ? [e, note] : ['error', `${note}: ${r.output.trim() || `exit status ${r.status}, no message`}`];
}

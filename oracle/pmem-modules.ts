/**
 * The libnvdimm modules a legacy-PMEM scenario needs in the guest (nd_e820,
 * nd_pmem, nd_btt, on 5.10 dax_pmem_core, and their dependencies), taken from
 * .cache/kernels/<series>/modules/ (oracle/setup/fetch-modules.sh). The stock
 * kernels build them as modules; the guest's init loads them with the nd
 * bus's autoprobe off, so every namespace starts unbound and each
 * memremap_pages step is the harness's own bind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../base/usage-error.ts';
import type { KernelImage } from './kernel-image.ts';
import { MissingPrerequisite } from './kernel-series.ts';
import { KERNELS_DIR } from './paths.ts';

/** Whether a kernel command line asks for legacy PMEM (`memmap=<size>!<start>`, oracle/expressible.ts). */
export const wantsPmem = (cmdline: readonly string[]): boolean => cmdline.some((w) => /^memmap=[^!]+![^!]+$/.test(w));

/**
 * The module folder (its `load-order` lists the .ko files, dependencies first) for this kernel;
 * with `kmem`, the set that also holds dax_pmem, device_dax and kmem (a scenario with
 * add_memory_driver_managed steps: docs/oracle.md, "Driver-managed memory (dax kmem)").
 */
export function pmemModules(kernel: KernelImage, kmem = false): string {
  if (kernel.series === undefined) {
    // a built-in nd_pmem binds every namespace at boot, before any user space can turn autoprobe off
    throw new UsageError(
      `config pmem needs a stock kernel (5.10, 6.1, 6.12, 7.3): ${kernel.name} is an image file, whose nd_pmem may be built in and bind at boot`,
    );
  }
  const dir = join(KERNELS_DIR, kernel.series, kmem ? 'kmem-modules' : 'modules');
  const order = join(dir, 'load-order');
  if (!existsSync(order) || readFileSync(order, 'utf8').trim() === '') {
    const what = kmem ? 'libnvdimm and dax kmem' : 'libnvdimm';
    throw new MissingPrerequisite(`the ${what} modules of kernel ${kernel.series} are not fetched: run bash oracle/setup/fetch-modules.sh ${kernel.series}`);
  }
  return dir;
}

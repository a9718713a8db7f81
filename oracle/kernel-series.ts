/** The four stock Debian kernel series the oracle fetches, and the error for a missing prerequisite. */

export const KERNEL_SERIES = ['5.10', '6.1', '6.12', '7.3'] as const;
export type KernelSeries = (typeof KERNEL_SERIES)[number];

export function isKernelSeries(s: string): s is KernelSeries {
  return (KERNEL_SERIES as readonly string[]).includes(s);
}

/** `5.10`, `all`, or a comma list → the series to run, or a one-line error. */
export function parseKernelChoice(text: string): KernelSeries[] | string {
  if (text === 'all') return [...KERNEL_SERIES];
  const out: KernelSeries[] = [];
  for (const part of text.split(',')) {
    if (!isKernelSeries(part)) return `unknown kernel "${part}" (known: ${KERNEL_SERIES.join(', ')}, all)`;
    out.push(part);
  }
  return out;
}

/** One line telling how to fix a missing prerequisite; exit 2 follows. */
export class MissingPrerequisite extends Error {}

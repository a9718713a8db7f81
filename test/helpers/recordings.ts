/** The committed kernel recordings (oracle/recorded/), looked up by kernel and corpus file, for tests that read them without QEMU. */
import { loadRecordings } from '../../oracle/known.ts';
import type { KernelRecord } from '../../oracle/record.ts';

const recordings = loadRecordings();

export function recording(series: string, scenario: string): KernelRecord {
  const r = recordings.find((x) => x.series === series && x.scenario === scenario);
  if (r === undefined) throw new Error(`no recording ${series}/${scenario}`);
  return r;
}

/** What the kernel answered to every step written as `text`, in order. */
export const answersTo = (r: KernelRecord, text: string): string[] => r.steps.filter((s) => s.text === text).map((s) => s.answer);

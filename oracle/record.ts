/** What one scenario run on one real kernel answered: the recording format (JSON). */
import type { GuestState } from './guest-state.ts';

export interface KernelStepRecord {
  /** 1-based line of the step in the scenario. */
  readonly line: number;
  /** The step as the printer writes it. */
  readonly text: string;
  readonly answer: string;
  readonly note?: string;
  /** How long the step took: the host's round trip for a QMP or PMEM step, the guest's own clock (10 ms steps) for a batched sysfs step (oracle/guest-batch.ts). */
  readonly ms: number;
  /** The guest's state after the step (memory operations only). */
  readonly state?: GuestState;
}

export interface KernelRecord {
  readonly format: 1;
  /** Corpus name (file name without .scn) or the file path given. */
  readonly scenario: string;
  readonly source: string;
  /** The kernel's name: a stock series (`6.1`) or an image file's name (oracle/kernel-image.ts). */
  readonly series: string;
  readonly release: string;
  readonly package: string;
  readonly qemu: string;
  readonly accel: string;
  readonly cmdline: string;
  readonly bootMs: number;
  readonly parameters: Readonly<Record<string, string>>;
  readonly initial: GuestState;
  readonly steps: readonly KernelStepRecord[];
}

/** What a comparison with the model reads of a run: any kernel's, stock or not. */
export type RecordLike = Pick<KernelRecord, 'scenario' | 'source' | 'initial' | 'steps'>;

/** What a parsed scenario is. */
import type { GeometryParams } from '../model/geometry.ts';
import type { Answer } from '../model/outcome.ts';
import type { BootRange, PmemRange, Step, VirtioMemDevice } from '../model/step.ts';

export interface ScenarioStep {
  readonly step: Step;
  /**
   * The expected answer after `->`: an Outcome for an operation step, the
   * text (words joined by single spaces, never empty) for an observation
   * step (`valid_zones`, `block`, `zone`, `node`).
   */
  readonly expect?: Answer;
  /** 1-based line in the source text. */
  readonly line: number;
}

export interface ConfigLine {
  readonly key: string;
  readonly value: string;
  /** 1-based line in the source text. */
  readonly line: number;
}

export interface Scenario {
  /** As written (an alias such as `latest` stays an alias), known to exist. */
  readonly profile?: string;
  /** Absent when the scenario has no geometry line (the default geometry applies). */
  readonly geometry?: GeometryParams;
  readonly config: readonly ConfigLine[];
  readonly boot: readonly BootRange[];
  /** `config pmem <start> <size>` lines, in file order; absent when there are none. */
  readonly pmem?: readonly PmemRange[];
  /** The `config virtio_mem` device; absent when there is none. */
  readonly virtioMem?: VirtioMemDevice;
  readonly steps: readonly ScenarioStep[];
}

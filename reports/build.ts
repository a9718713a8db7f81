/**
 * Builds the parts of a report document that every command shares: the
 * header, a machine, an observation, a counterexample with the state after
 * each step.
 */
import type { MachineSetup } from '../model/implementation.ts';
import { CONFIG_KEYS, DEFAULT_CONFIG } from '../model/config.ts';
import { canonicalObservation, type Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';
import { printStep } from '../scenario/index.ts';
import { REPORT_SCHEMA_VERSION, type CounterexampleJson, type MachineJson, type ObservationJson, type ReportJson } from './schema.ts';
import { fastCheckVersion, toolVersion } from './versions.ts';

export function observationJson(o: Observation): ObservationJson {
  return JSON.parse(canonicalObservation(o)) as ObservationJson;
}

export function machineJson(setup: MachineSetup, profileName: string = setup.profile.name): MachineJson {
  const g = setup.geometry;
  return {
    profile: profileName,
    geometry: {
      name: g.name,
      pageShift: g.pageShift,
      sectionShift: g.sectionShift,
      subsectionShift: g.subsectionShift,
      blockShift: g.blockShift,
      ...(g.dmaLimitShift !== undefined ? { dmaLimitShift: g.dmaLimitShift } : {}),
      ...(g.dma32LimitShift !== undefined ? { dma32LimitShift: g.dma32LimitShift } : {}),
    },
    config: Object.fromEntries(CONFIG_KEYS.map((k) => [k.key, k.read(setup.config)])),
    boot: setup.boot.map((b) => ({ start: b.start, size: b.size, nid: b.nid })),
  };
}

/** Config lines a scenario needs to rebuild this machine (only keys that differ from the default). */
export function nonDefaultConfig(setup: MachineSetup): Array<{ key: string; value: string; line: number }> {
  return CONFIG_KEYS.filter((k) => k.read(setup.config) !== k.read(DEFAULT_CONFIG)).map((k, i) => ({ key: k.key, value: k.read(setup.config), line: i + 1 }));
}

export type ReportHeader = Pick<ReportJson, 'schemaVersion' | 'tool' | 'node' | 'fastCheck'>;

/** Versions read from the installed packages; no time of day, so equal runs give equal bytes. */
export function reportHeader(): ReportHeader {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'memhp-conformance', version: toolVersion() },
    node: process.versions.node,
    fastCheck: fastCheckVersion(),
  };
}

export interface CounterexampleInput {
  readonly id: string;
  readonly title: string;
  readonly setup: MachineSetup;
  readonly profileName?: string;
  /** Implementations or profiles, in the order of `answers` and `observations`. */
  readonly sides: readonly string[];
  readonly initial: Observation;
  readonly steps: ReadonlyArray<{
    readonly step: Step;
    readonly answers: readonly Answer[];
    /** Every side's state after the step; absent where a long replay did not keep it (cli/replay.ts). */
    readonly observations?: readonly Observation[];
    readonly expected?: Answer;
  }>;
  /** 0-based. */
  readonly failingStep?: number;
  readonly violations: CounterexampleJson['violations'];
  readonly divergence?: string;
  readonly scenario: string;
  readonly replay: CounterexampleJson['replay'];
}

/** Identity with a type: lets optional fields be written as `undefined` and drops them. */
export function counterexampleInput(c: { [K in keyof CounterexampleInput]: CounterexampleInput[K] | undefined } & Pick<CounterexampleInput, 'id' | 'title' | 'setup' | 'sides' | 'initial' | 'steps' | 'violations' | 'scenario' | 'replay'>): CounterexampleInput {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as CounterexampleInput;
}

export function counterexampleJson(c: CounterexampleInput): CounterexampleJson {
  return {
    id: c.id,
    title: c.title,
    file: `counterexamples/${c.id}.scn`,
    scenario: c.scenario,
    machine: machineJson(c.setup, c.profileName),
    sides: [...c.sides],
    initial: observationJson(c.initial),
    failingStep: c.failingStep === undefined ? null : c.failingStep + 1,
    violations: c.violations,
    ...(c.divergence !== undefined ? { divergence: c.divergence } : {}),
    steps: c.steps.map((s) => {
      const head = {
        step: printStep(s.step),
        answers: Object.fromEntries(s.answers.map((a, i) => [c.sides[i]!, a])),
        ...(s.expected !== undefined ? { expected: s.expected } : {}),
      };
      if (s.observations === undefined) return head;
      const first = canonicalObservation(s.observations[0]!);
      const others = s.observations
        .map((o, i) => [c.sides[i]!, o] as const)
        .slice(1)
        .filter(([, o]) => canonicalObservation(o) !== first);
      return {
        ...head,
        observation: observationJson(s.observations[0]!),
        ...(others.length > 0 ? { others: Object.fromEntries(others.map(([k, o]) => [k, observationJson(o)])) } : {}),
      };
    }),
    replay: c.replay,
  };
}

/**
 * Holds a kernel recording against the model (reference implementation)
 * under a profile: step answers, and after every memory operation the state
 * (each memory block's state and valid_zones, each zone's span and present
 * pages). Used alike for a live run and for the committed recordings.
 *
 * The model follows the kernel where the kernel took a declared alternative
 * (oracle/nondeterminism.ts) or refused a write the model performed, so that
 * one difference is reported once and not as a cascade over later steps.
 */
import { machineFor } from '../engine/machine.ts';
import { resolveProfileOrPatch } from '../engine/patch-profile.ts';
import { IMPLEMENTATIONS } from '../engine/implementations.ts';
import type { Implementation, MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
import type { Step } from '../model/step.ts';
import { parseScenario, printStep, type Scenario } from '../scenario/index.ts';
import { GUEST_BOOT } from './expressible.ts';
import type { GuestState } from './guest-state.ts';
import { latitudeFor } from './nondeterminism.ts';
import type { RecordLike } from './record.ts';
import type { Profile } from '../model/profile.ts';

/** Zones of node 0 compared (ZONE_DEVICE: legacy PMEM namespaces bound to nd_pmem). */
const ZONES = ['DMA', 'DMA32', 'Normal', 'Movable', 'Device'] as const;

export interface Disagreement {
  /** 1-based step index; 0 is the state after boot. */
  readonly step: number;
  readonly line: number;
  readonly text: string;
  /** `answer`, or the piece of state: `block 32`, `zone Normal`, `iomem`. */
  readonly what: string;
  readonly kernel: string;
  readonly model: string;
}

export interface StepRow {
  readonly step: number;
  readonly line: number;
  readonly text: string;
  readonly kernel: string;
  readonly model: string;
  readonly note?: string;
  /** A declared nondeterministic outcome that the kernel took (oracle/nondeterminism.ts). */
  readonly latitude?: string;
  readonly disagreements: readonly Disagreement[];
}

export interface Comparison {
  readonly profile: string;
  readonly rows: readonly StepRow[];
  readonly boot: readonly Disagreement[];
  readonly disagreements: readonly Disagreement[];
}

/**
 * The machine setup for a scenario run on the guest: the guest's boot memory,
 * or the file's boot lines, which are that memory with holes the kernel got as
 * `memmap=` (oracle/expressible.ts guestHoles()). A Profile object is a patch
 * profile (engine/patch-profile.ts): it has no name to look up.
 */
export function guestSetup(scenario: Scenario, named: string | Profile): MachineSetup {
  // a patch profile file given with --profile / --to (oracle/kernel-image.ts) is loaded here
  const profile = typeof named === 'string' && named.includes('/') ? resolveProfileOrPatch(named) : named;
  const setup = machineFor(scenario, typeof profile === 'string' ? profile : undefined);
  return { ...setup, ...(typeof profile === 'string' ? {} : { profile }), boot: scenario.boot.length > 0 ? scenario.boot : GUEST_BOOT };
}

/**
 * zone text as compared: `managed` of the boot zones (DMA, DMA32) depends on
 * each release's own boot reservations and is dropped; of Normal and Movable,
 * which hold only hot-added memory in the guest, it shows memmap_on_memory and
 * is kept.
 */
export function normaliseZoneText(step: Step, text: string): string {
  return step.op === 'zone' && (step.zone === 'DMA' || step.zone === 'DMA32') ? text.replace(/ managed=\d+/, '') : text;
}

/**
 * The guest's DIMMs come through acpi_memhotplug, which asks for
 * MHP_MEMMAP_ON_MEMORY whenever memory_hotplug.memmap_on_memory allows it
 * (v5.12: after mhp_supports_memmap_on_memory(); v6.6: always, the core falls
 * back), so the model sees each `add_memory` as that caller's.
 */
export function asAcpiCaller(step: Step): Step {
  return step.op === 'add_memory' && step.memmapOnMemory !== true ? { ...step, memmapOnMemory: true } : step;
}

/** managed of the zones that hold only hot-added memory (or device memory, never managed) in the guest. */
const withManaged = (name: string, managed: number | undefined): string =>
  (name === 'Normal' || name === 'Movable' || name === 'Device') && managed !== undefined ? ` managed=${managed}` : '';

/**
 * The iomem lines compared: legacy PMEM ranges and what is mapped inside
 * them. The kernel names the child after its namespace (nd_pmem's
 * devm_request_mem_region()); the model has a device range there.
 */
function modelIomem(o: Observation): string {
  return o.resources
    .filter((r) => r.kind !== 'System RAM')
    .map((r) => `0x${r.start.toString(16)}-0x${(r.end - 1).toString(16)} ${r.kind === 'device' ? 'device' : r.kind}`)
    .join(', ');
}

function kernelIomem(lines: readonly string[]): string {
  return lines.map((l) => l.replace(/ namespace\d+\.\d+$/, ' device')).join(', ');
}

function modelStateText(o: Observation): { blocks: Map<string, string>; zones: Map<string, string> } {
  const blocks = new Map(o.blocks.map((b) => [String(b.id), `${b.state} ${b.validZones}`]));
  const zones = new Map<string, string>();
  const node0 = o.nodes.find((n) => n.nid === 0);
  for (const z of node0?.zones ?? []) {
    if ((ZONES as readonly string[]).includes(z.name)) {
      zones.set(z.name, `start_pfn=${z.spanned === 0 ? 0 : z.startPfn} spanned=${z.spanned} present=${z.present}${withManaged(z.name, z.managed)}`);
    }
  }
  return { blocks, zones };
}

function kernelStateText(s: GuestState): { blocks: Map<string, string>; zones: Map<string, string> } {
  const blocks = new Map(Object.entries(s.blocks).map(([id, b]) => [id, `${b.state} ${b.validZones}`]));
  const zones = new Map<string, string>();
  for (const name of ZONES) {
    const z = s.zones[name];
    if (z === undefined) continue;
    const start = z.startPfn ?? (z.spanned === 0 ? 0 : '?');
    zones.set(name, `start_pfn=${start} spanned=${z.spanned} present=${z.present}${withManaged(name, z.managed)}`);
  }
  return { blocks, zones };
}

const sameZone = (k: string, m: string): boolean => k === m || (k.includes('start_pfn=?') && k.replace(/start_pfn=\S+/, '') === m.replace(/start_pfn=\S+/, ''));

function stateDiffs(kernel: GuestState, model: Observation, at: { step: number; line: number; text: string }): Disagreement[] {
  const k = kernelStateText(kernel);
  const m = modelStateText(model);
  const out: Disagreement[] = [];
  const ids = [...new Set([...k.blocks.keys(), ...m.blocks.keys()])].sort((a, b) => Number(a) - Number(b));
  for (const id of ids) {
    const kb = k.blocks.get(id) ?? 'absent';
    const mb = m.blocks.get(id) ?? 'absent';
    if (kb !== mb) out.push({ ...at, what: `block ${id}`, kernel: kb, model: mb });
  }
  for (const name of ZONES) {
    const kz = k.zones.get(name) ?? 'absent';
    const mz = m.zones.get(name) ?? 'absent';
    if (!sameZone(kz, mz)) out.push({ ...at, what: `zone ${name}`, kernel: kz, model: mz });
  }
  if (kernel.virtioMem !== undefined) {
    const kv = `plugged=0x${kernel.virtioMem.plugged.toString(16)} System RAM (virtio_mem) ${kernel.virtioMem.ranges.join(', ') || 'none'}`;
    const vm = model.virtioMem;
    const mv = vm === undefined ? 'no device' : `plugged=0x${vm.plugged.toString(16)} System RAM (virtio_mem) ${vm.ranges.join(', ') || 'none'}`;
    if (kv !== mv) out.push({ ...at, what: 'virtio-mem', kernel: kv, model: mv });
  }
  if (kernel.iomem !== undefined) {
    const ki = kernelIomem(kernel.iomem) || 'none';
    const mi = modelIomem(model) || 'none';
    if (ki !== mi) out.push({ ...at, what: 'iomem', kernel: ki, model: mi });
  }
  return out;
}

function answerOf(step: Step, a: string): string {
  return normaliseZoneText(step, a);
}

export function compareRecord(record: RecordLike, profile: string | Profile): Comparison {
  const scenario = parseScenario(record.source, record.scenario);
  const setup = guestSetup(scenario, profile);
  const fresh = (): Implementation => IMPLEMENTATIONS.reference(setup, new Set());
  let model = fresh();
  const effective: Step[] = [];
  const boot = stateDiffs(record.initial, model.observe(), { step: 0, line: 0, text: 'boot' });
  const rows: StepRow[] = [];
  const all: Disagreement[] = [...boot];
  // A state difference is reported where it appears (or changes), not again at every later step.
  let standing = new Set(boot.map(key));
  scenario.steps.forEach((s, i) => {
    const rec = record.steps[i];
    if (rec === undefined) return;
    const before = i === 0 ? record.initial : lastState(record, i);
    const kernelAnswer = answerOf(s.step, rec.answer);
    const modelText = answerOf(s.step, model.apply(asAcpiCaller(s.step)));
    // zoneinfo prints no start_pfn for a zone without present pages (ZONE_DEVICE always): compared without it
    const modelAnswer = s.step.op === 'zone' && sameZone(kernelAnswer, modelText) ? kernelAnswer : modelText;
    const at = { step: i + 1, line: s.line, text: printStep(s.step) };
    const latitude = latitudeFor(s.step, modelAnswer, kernelAnswer, before);
    const diffs: Disagreement[] = [];
    if (latitude !== undefined) {
      const replayed = (alt: readonly Step[]): Implementation => {
        const m = fresh();
        for (const e of [...effective, ...alt]) m.apply(e);
        return m;
      };
      const alternatives = latitude.resync(s.step, before);
      // the first alternative that explains the state the kernel reports, else the last (the broadest)
      let chosen = alternatives[alternatives.length - 1] ?? [];
      for (const alt of alternatives) {
        if (rec.state === undefined || stateDiffs(rec.state, replayed(alt).observe(), at).length === 0) {
          chosen = alt;
          break;
        }
      }
      effective.push(...chosen);
      model = replayed([]);
    } else if (modelAnswer !== kernelAnswer && modelAnswer === 'ok' && kernelAnswer.startsWith('-') && s.step.op !== 'eject_memory') {
      // The kernel refused what the model did: a refused write changes nothing, so the model
      // follows the kernel (replays without the step) and later steps compare like with like.
      diffs.push({ ...at, what: 'answer', kernel: kernelAnswer, model: modelAnswer });
      model = fresh();
      for (const e of effective) model.apply(e);
    } else {
      effective.push(asAcpiCaller(s.step));
      if (modelAnswer !== kernelAnswer) diffs.push({ ...at, what: 'answer', kernel: kernelAnswer, model: modelAnswer });
    }
    if (rec.state !== undefined) {
      const now = stateDiffs(rec.state, model.observe(), at);
      diffs.push(...now.filter((d) => !standing.has(key(d))));
      standing = new Set(now.map(key));
    }
    all.push(...diffs);
    rows.push({
      ...at,
      kernel: kernelAnswer,
      model: modelAnswer,
      ...(rec.note !== undefined ? { note: rec.note } : {}),
      ...(latitude !== undefined ? { latitude: latitude.id } : {}),
      disagreements: diffs,
    });
  });
  return { profile: typeof profile === 'string' ? profile : profile.name, rows, boot, disagreements: all };
}

const key = (d: Disagreement): string => `${d.what}|${d.kernel}|${d.model}`;

/** The guest state as it stood before step i (the last recorded one). */
function lastState(record: RecordLike, i: number): GuestState {
  for (let j = i - 1; j >= 0; j--) {
    const st = record.steps[j]?.state;
    if (st !== undefined) return st;
  }
  return record.initial;
}

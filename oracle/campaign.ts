/**
 * `memhp kernel-campaign`: random sequences of the steps a pc-dimm guest can
 * express, many per boot, each compared step by step with the model (the
 * same comparison as the corpus). Between sequences the guest is put back to
 * its boot state by ejecting every DIMM and onlining boot blocks again (a
 * boot block a sequence wrote an online type to while it was online is
 * offlined and onlined first: the type stays on it, unseen, until an online
 * runs, fa2be40fe7c0); when that does not restore the boot state, the guest
 * is rebooted. Sequences are
 * generated from the seed alone (seedrandom), so a campaign reproduces; what
 * the kernel answers may not (declared nondeterministic outcomes).
 *
 * A sequence that disagrees is re-run on the kernel without each of its
 * steps in turn (one pass, greedy), keeping a removal when the disagreement
 * stays: a cheap shrink, reported with the original.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import type { Step } from '../model/step.ts';
import { parseScenario, printStep } from '../scenario/index.ts';
import { compareRecord, type Disagreement } from './compare.ts';
import { kernelCmdline } from './expressible.ts';
import { classify } from './known-classes.ts';
import type { GuestState } from './guest-state.ts';
import { guestKernelConfig, requireOptions } from './image-config.ts';
import { GuestDied, KernelMachine } from './kernel-machine.ts';
import { resolveKernel, type KernelImage } from './kernel-image.ts';
import type { KernelSeries } from './kernel-series.ts';
import type { KernelRecord, KernelStepRecord } from './record.ts';
import { qemuVersion } from './vm.ts';

export interface CampaignOptions {
  /** Stock kernels by series (held to their release profiles). */
  readonly series?: readonly KernelSeries[];
  /** Any other images (oracle/kernel-image.ts), run after the series. */
  readonly images?: readonly KernelImage[];
  readonly seed: number;
  readonly sequences: number;
  readonly steps: number;
  readonly profile?: string;
  readonly out?: string;
  readonly log?: (line: string) => void;
  /** What is going on now (boots, sequences, shrink reruns), for a progress line. */
  readonly status?: (text: string) => void;
  /** Each sequence's result as it ends (KTAP output). */
  readonly onSequence?: (r: SequenceResult) => void;
}

export interface SequenceResult {
  /** The kernel's name: a stock series or an image file's name. */
  readonly series: string;
  readonly sequence: number;
  readonly name: string;
  readonly config: readonly string[];
  readonly steps: number;
  readonly disagreements: readonly Disagreement[];
  /** The known class of the first disagreement, or UNEXPLAINED. */
  readonly cls?: string;
  /** Declared nondeterministic outcomes the kernel took (oracle/nondeterminism.ts). */
  readonly latitudes: readonly string[];
}

/** Boot configurations the campaign cycles through (scenario `config` lines). */
export const CAMPAIGN_CONFIGS: readonly (readonly string[])[] = [
  [],
  ['config auto_online_blocks online_movable'],
  ['config memmap_on_memory Y'],
  ['config auto_online_blocks online', 'config online_policy auto-movable'],
];

const M = 2 ** 20;
const BLOCK = 128 * M;
const HOTPLUG_BASE = 4 * 1024 * M;
const STATE_WORDS = ['online', 'online_kernel', 'online_movable', 'offline', 'offline', 'online_movable', 'bogus', 'Online', ''];
const ONLINE_WORDS = ['0', '1', 'y', 'n', 'on', 'off', '2', 'yes'];

interface Dimm {
  start: number;
  size: number;
}

/** One random sequence; `dimms` tracks what the generator believes is plugged (for plausible ejects and writes). */
export function generateSequence(rng: () => number, n: number): Step[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const dimms: Dimm[] = [];
  const steps: Step[] = [];
  const blocksOf = (d: Dimm): number[] => Array.from({ length: d.size / BLOCK }, (_, i) => d.start / BLOCK + i);
  const anyBlock = (): number => {
    const own = dimms.flatMap(blocksOf);
    if (own.length > 0 && rng() < 0.85) return pick(own);
    return pick([1, 5, 7, 31, 40]);
  };
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.25 && dimms.length < 6) {
      const size = rng() < 0.05 ? 64 * M : (1 + Math.floor(rng() * 4)) * BLOCK;
      const slot = Math.floor(rng() * 24);
      const start = HOTPLUG_BASE + slot * BLOCK;
      steps.push({ op: 'add_memory', start, size, nid: 0 });
      if (size % BLOCK === 0 && !dimms.some((d) => start < d.start + d.size && d.start < start + size)) dimms.push({ start, size });
    } else if (r < 0.35 && dimms.length > 0) {
      const d = pick(dimms);
      steps.push({ op: 'eject_memory', start: d.start, size: d.size });
      if (rng() < 0.7) dimms.splice(dimms.indexOf(d), 1);
    } else if (r < 0.65) {
      steps.push({ op: 'state', block: anyBlock(), word: pick(STATE_WORDS) || 'offline' });
    } else if (r < 0.8) {
      steps.push({ op: 'online', block: anyBlock(), word: pick(ONLINE_WORDS) });
    } else if (r < 0.9) {
      steps.push({ op: 'valid_zones', block: anyBlock() });
    } else {
      steps.push({ op: 'zone', zone: pick(['DMA32', 'Normal', 'Movable'] as const), nid: 0 });
    }
  }
  return steps;
}

function scenarioText(config: readonly string[], steps: readonly Step[]): string {
  return [...config, ...steps.map(printStep)].join('\n') + '\n';
}

const stateKey = (s: GuestState): string =>
  JSON.stringify({
    b: Object.entries(s.blocks).map(([id, b]) => `${id}:${b.state}:${b.validZones}`),
    z: Object.entries(s.zones).map(([n, z]) => `${n}:${z.spanned}:${z.present}`),
  });

function firstDifference(a: string, b: string): string {
  const pa = JSON.parse(a) as { b: string[]; z: string[] };
  const pb = JSON.parse(b) as { b: string[]; z: string[] };
  const all = [...pa.b, ...pa.z];
  const now = new Set([...pb.b, ...pb.z]);
  const lost = all.find((x) => !now.has(x));
  const extra = [...pb.b, ...pb.z].find((x) => !all.includes(x));
  return `boot state ${lost ?? '-'} now ${extra ?? '-'}`;
}

/** The `state` words state_store() takes as an online type. */
const ONLINE_TYPE_WORDS: ReadonlySet<string> = new Set(['online', 'online_kernel', 'online_movable']);

/** One configuration's guest, reused across sequences and put back to its boot state between them. */
export class Guest {
  km: KernelMachine | undefined;
  boots = 0;
  bootMs: number[] = [];
  private initialKey = '';
  initial: GuestState | undefined;
  parameters: Record<string, string> = {};
  /** Why each reset had to reboot: the first piece of state that did not come back. */
  rebootReasons: string[] = [];
  /** A sequence ran since the last reset. */
  dirty = false;
  /** Blocks a sequence wrote an online type to while they were online: the type stays, unseen (fa2be40fe7c0). */
  readonly typed = new Set<number>();

  constructor(
    private readonly kernel: KernelImage,
    private readonly cmdline: readonly string[],
    private readonly status?: (text: string) => void,
  ) {}

  async ready(): Promise<KernelMachine> {
    if (this.km !== undefined && this.km.vm.alive) return this.km;
    this.km?.close();
    this.status?.(`booting ${this.kernel.name} (${this.cmdline.join(' ')})`);
    this.km = await KernelMachine.boot(this.kernel, this.cmdline);
    if (this.kernel.config === undefined) {
      try {
        requireOptions(this.kernel, await guestKernelConfig(this.kernel, this.km));
      } catch (e) {
        this.close();
        throw e;
      }
    }
    this.boots++;
    this.bootMs.push(this.km.vm.bootMs);
    this.initial = await this.km.state();
    this.initialKey = stateKey(this.initial);
    this.parameters = await this.km.parameters();
    return this.km;
  }

  /** Ejects every DIMM and onlines boot blocks again; reboots when the boot state does not come back. */
  async reset(): Promise<void> {
    const km = this.km;
    if (km === undefined || !km.vm.alive) return this.reboot();
    await km.ejectAll();
    let s = await km.state();
    // an online that runs clears a left type: offline the boot blocks that may carry one, then online them all
    const typed = [...this.typed];
    this.typed.clear();
    for (const id of typed) {
      if (id >= 32 || s.blocks[String(id)]?.state !== 'online') continue;
      const off = await km.apply({ op: 'state', block: id, word: 'offline' });
      if (off.answer !== 'ok') {
        this.rebootReasons.push(`block ${id} keeps an online type a refused state write left (offline: ${off.answer})`);
        return this.reboot();
      }
    }
    s = await km.state();
    for (const [id, b] of Object.entries(s.blocks)) {
      if (b.state === 'offline' && Number(id) < 32) await km.apply({ op: 'state', block: Number(id), word: 'online_kernel' });
    }
    s = await km.state();
    if (stateKey(s) !== this.initialKey) {
      this.rebootReasons.push(firstDifference(this.initialKey, stateKey(s)));
      await this.reboot();
    }
  }

  private async reboot(): Promise<void> {
    this.typed.clear();
    this.km?.close();
    this.km = undefined;
    await this.ready();
  }

  close(): void {
    this.km?.close();
    this.km = undefined;
  }
}

/** The steps after which a sequence records the guest's state. */
const CHANGES_OBSERVED: ReadonlySet<string> = new Set(['add_memory', 'eject_memory', 'state', 'online']);

/** A sequence on the guest as it stands (reset by the caller): every answer, and the state after each memory operation. */
export async function playSequence(
  guest: Guest,
  name: string,
  config: readonly string[],
  steps: readonly Step[],
  onStep?: (index: number, total: number) => void,
): Promise<{ km: KernelMachine; source: string; initial: GuestState; steps: KernelStepRecord[] }> {
  const km = await guest.ready();
  const recs: KernelStepRecord[] = [];
  const source = scenarioText(config, steps);
  const scenario = parseScenario(source, name);
  let before = guest.initial;
  onStep?.(0, scenario.steps.length);
  try {
    await km.play(
      scenario.steps,
      (step) => CHANGES_OBSERVED.has(step.op),
      (index, a) => {
        const s = scenario.steps[index] as (typeof scenario.steps)[number];
        // an online type written to an online block stays on it, unseen, until its next online (fa2be40fe7c0)
        if (s.step.op === 'state' && ONLINE_TYPE_WORDS.has(s.step.word) && before?.blocks[String(s.step.block)]?.state === 'online') {
          guest.typed.add(s.step.block);
        }
        recs.push({ line: s.line, text: printStep(s.step), answer: a.answer, ...(a.note !== undefined ? { note: a.note } : {}), ms: a.ms, ...(a.state !== undefined ? { state: a.state } : {}) });
        before = a.state ?? before;
        if (index + 1 < scenario.steps.length) onStep?.(index + 1, scenario.steps.length);
      },
    );
  } catch (e) {
    if (e instanceof GuestDied) throw new GuestDied(e.index, e.line, `${name}: ${e.message}`, e.answered);
    throw e;
  }
  return { km, source, initial: guest.initial ?? (await km.state()), steps: recs };
}

async function runOn(guest: Guest, name: string, config: readonly string[], steps: readonly Step[], series: string): Promise<KernelRecord> {
  const { km, source, initial, steps: recs } = await playSequence(guest, name, config, steps);
  return {
    format: 1,
    scenario: name,
    source,
    series,
    release: km.vm.release,
    package: km.vm.kernel.pkg,
    qemu: qemuVersion(),
    accel: km.vm.accel,
    cmdline: km.vm.cmdline,
    bootMs: km.vm.bootMs,
    parameters: guest.parameters,
    initial,
    steps: recs,
  };
}

export interface CampaignFinding {
  /** The kernel's name: a stock series or an image file's name. */
  readonly series: string;
  readonly sequence: number;
  readonly config: readonly string[];
  readonly scenario: string;
  readonly shrunk: string;
  readonly first: Disagreement;
  /** The known class of the first difference, or UNEXPLAINED. */
  readonly cls: string;
}

export async function runCampaign(o: CampaignOptions): Promise<number> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const findings: CampaignFinding[] = [];
  const summary: Array<Record<string, unknown>> = [];
  const kernels = [...(o.series ?? []).map((s) => resolveKernel(s)), ...(o.images ?? [])];
  for (const kernel of kernels) {
    const series = kernel.name;
    const profile = o.profile ?? kernel.profile;
    const rng = seedrandom(`${o.seed}:${series}`);
    const perConfig = CAMPAIGN_CONFIGS.map((config) => ({ config, guest: undefined as Guest | undefined }));
    const answers = new Map<string, number>();
    const latitudes = new Map<string, number>();
    const classes = new Map<string, number>();
    let steps = 0;
    let disagreeing = 0;
    const stepMs: number[] = [];
    const t0 = Date.now();
    try {
      for (let i = 0; i < o.sequences; i++) {
        const slot = perConfig[i % perConfig.length] as (typeof perConfig)[number];
        const configLines = slot.config.map((l, line) => {
          const [, key = '', value = ''] = l.split(' ');
          return { key, value, line };
        });
        const cmd = kernelCmdline(configLines);
        if (typeof cmd === 'string') throw new Error(cmd);
        slot.guest ??= new Guest(kernel, cmd, o.status);
        // Reset lazily, before the next sequence of this configuration: none is wasted after the last one.
        if (slot.guest.dirty) await slot.guest.reset();
        slot.guest.dirty = true;
        const seq = generateSequence(rng, o.steps);
        const name = `campaign-${o.seed}-${series}-${i}`;
        o.status?.(`kernel-campaign ${series}: sequence ${i + 1}/${o.sequences}, ${disagreeing} disagreeing, ${Math.round((Date.now() - t0) / 1000)} s`);
        const rec = await runOn(slot.guest, name, slot.config, seq, series);
        const c = compareRecord(rec, profile);
        steps += rec.steps.length;
        for (const s of rec.steps) {
          stepMs.push(s.ms);
          const op = s.text.split(' ')[0] as string;
          const key = `${op} ${s.answer.startsWith('-') || s.answer === 'ok' || s.answer.includes('refused') ? s.answer : 'text'}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
        }
        for (const r of c.rows) if (r.latitude !== undefined) latitudes.set(r.latitude, (latitudes.get(r.latitude) ?? 0) + 1);
        const seqLatitudes = c.rows.flatMap((r) => (r.latitude !== undefined ? [r.latitude] : []));
        const result = { series, sequence: i, name, config: slot.config, steps: rec.steps.length, disagreements: c.disagreements, latitudes: seqLatitudes };
        if (c.disagreements.length === 0) o.onSequence?.(result);
        if (c.disagreements.length > 0) {
          disagreeing++;
          const first = c.disagreements[0] as Disagreement;
          const cls = classify(first, slot.config)?.id ?? 'UNEXPLAINED';
          // Only unexplained differences are worth the reruns of a shrink.
          const shrunk = cls === 'UNEXPLAINED' ? await shrink(slot.guest, name, slot.config, seq, series, profile, o.status) : rec.source;
          findings.push({ series, sequence: i, config: slot.config, scenario: rec.source, shrunk, first, cls });
          classes.set(cls, (classes.get(cls) ?? 0) + 1);
          o.onSequence?.({ ...result, cls });
          log(`${series} sequence ${i} [${cls}]: ${first.what} at step ${first.step} (${first.text}): kernel "${first.kernel}" model "${first.model}"`);
        }
      }
    } finally {
      for (const s of perConfig) s.guest?.close();
    }
    const boots = perConfig.reduce((n, s) => n + (s.guest?.boots ?? 0), 0);
    const bootMs = perConfig.flatMap((s) => s.guest?.bootMs ?? []);
    stepMs.sort((a, b) => a - b);
    const entry = {
      series,
      profile,
      sequences: o.sequences,
      steps,
      disagreeing,
      boots,
      bootSecondsMean: bootMs.length ? Number((bootMs.reduce((a, b) => a + b, 0) / bootMs.length / 1000).toFixed(1)) : 0,
      stepMsMedian: stepMs[Math.floor(stepMs.length / 2)] ?? 0,
      stepMsMax: stepMs[stepMs.length - 1] ?? 0,
      seconds: Math.round((Date.now() - t0) / 1000),
      covered: Object.fromEntries([...answers.entries()].sort()),
      nondeterministic: Object.fromEntries(latitudes),
      differencesByClass: Object.fromEntries(classes),
      rebootReasons: perConfig.flatMap((s) => s.guest?.rebootReasons ?? []),
      configs: CAMPAIGN_CONFIGS.map((c) => c.join('; ') || 'default'),
    };
    summary.push(entry);
    log(
      `memhp: kernel-campaign ${series} (profile ${profile}) seed ${o.seed}: ${o.sequences} sequences, ${steps} steps, ${disagreeing} disagreeing (${classes.get('UNEXPLAINED') ?? 0} unexplained), ${boots} boots, ${entry.seconds} s`,
    );
  }
  if (o.out !== undefined) {
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'report.json'), `${JSON.stringify({ seed: o.seed, summary, findings }, null, 1)}\n`);
    findings.forEach((f, i) => writeFileSync(join(o.out as string, `finding-${f.series}-${i}.scn`), f.shrunk));
  }
  return findings.some((f) => f.cls === 'UNEXPLAINED') ? 1 : 0;
}

/** One greedy pass: drop each step in turn while the rest still disagrees on the kernel. */
async function shrink(guest: Guest, name: string, config: readonly string[], seq: readonly Step[], series: string, profile: string, status?: (text: string) => void): Promise<string> {
  let current = [...seq];
  for (let i = current.length - 1; i >= 0; i--) {
    const candidate = current.filter((_, j) => j !== i);
    status?.(`kernel-campaign ${series}: shrinking ${name}, ${current.length} steps left, trying without step ${i + 1}`);
    await guest.reset();
    const rec = await runOn(guest, `${name}-shrink`, config, candidate, series);
    if (compareRecord(rec, profile).disagreements.length > 0) current = candidate;
  }
  const header = `# ${name}, shrunk on ${series} against ${profile}\n`;
  return header + scenarioText(config, current);
}

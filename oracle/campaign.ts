/**
 * `memhp kernel-campaign`: random sequences of the steps each boot
 * configuration's guest can express (pc-dimm, legacy PMEM, dax kmem,
 * virtio-mem: oracle/campaign-configs.ts, oracle/campaign-steps.ts), many
 * per boot, each compared step by step with the model (the same comparison
 * as the corpus). Between sequences the guest is put back to its boot state:
 * caches dropped, every DIMM ejected, what the surface added taken back,
 * boot blocks onlined again (a boot block a sequence wrote an online type to
 * while it was online, or onlined into another zone, is offlined and onlined
 * first: the type stays on it, unseen, until an online runs, fa2be40fe7c0);
 * when that does not restore the boot state, the guest is rebooted. Sequences are
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
import { BootSnapshots } from './boot-snapshot.ts';
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
import { CAMPAIGN_CONFIGS, configScenario, type CampaignConfig, devdaxOf, KMEM_NAMESPACE, KMEM_RANGE, PMEM_NAMESPACES, virtioMemOf, type CampaignSurface } from './campaign-configs.ts';
import { generateFor, prologue } from './campaign-steps.ts';
import type { PmemRange, VirtioMemDevice } from '../model/step.ts';
import { VIRTIO_MEM_ID } from './virtio-mem-guest.ts';
import { resolveProfileOrPatch } from '../engine/patch-profile.ts';
import { runQueue } from './unit-queue.ts';

export { CAMPAIGN_CONFIGS, DIMM_CAMPAIGN_CONFIGS } from './campaign-configs.ts';
export { generateSequence } from './campaign-steps.ts';

export interface CampaignOptions {
  /** Stock kernels by series (held to their release profiles). */
  readonly series?: readonly KernelSeries[];
  /** Any other images (oracle/kernel-image.ts), run after the series. */
  readonly images?: readonly KernelImage[];
  readonly seed: number;
  readonly sequences: number;
  readonly steps: number;
  /** Only the configurations of these surfaces (default: every one, oracle/campaign-configs.ts). */
  readonly surfaces?: readonly CampaignSurface[];
  readonly profile?: string;
  readonly out?: string;
  readonly log?: (line: string) => void;
  /** What is going on now (boots, sequences, shrink reruns), for a progress line. */
  readonly status?: (text: string) => void;
  /** Each sequence's result, in kernel and sequence order (KTAP output). */
  readonly onSequence?: (r: SequenceResult) => void;
  /** Guests at once (default 1): each (kernel, configuration)'s sequences are one unit of a shared queue. */
  readonly jobs?: number;
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

function scenarioText(config: readonly string[], steps: readonly Step[]): string {
  return [...config, ...steps.map(printStep)].join('\n') + '\n';
}

/**
 * What a reset must bring back: every block's state and zones, every zone's
 * span and present pages, the iomem lines compared and virtio-mem's
 * plugged size. ZONE_DEVICE's span is left out where a prologue maps every
 * namespace before anything is compared (oracle/campaign-steps.ts): the span
 * never shrinks, and after the prologue it is the same either way.
 */
const stateKey = (s: GuestState, spanAfterPrologue = false): string =>
  JSON.stringify({
    b: Object.entries(s.blocks).map(([id, b]) => `${id}:${b.state}:${b.validZones}`),
    z: Object.entries(s.zones)
      .filter(([n]) => !(spanAfterPrologue && n === 'Device'))
      .map(([n, z]) => `${n}:${z.spanned}:${z.present}`),
    i: (s.iomem ?? []).map((l) => `iomem ${l}`),
    v: s.virtioMem === undefined ? [] : [`virtio-mem plugged 0x${s.virtioMem.plugged.toString(16)}`],
  });

function firstDifference(a: string, b: string): string {
  type Key = { b: string[]; z: string[]; i: string[]; v: string[] };
  const pa = JSON.parse(a) as Key;
  const pb = JSON.parse(b) as Key;
  const all = [...pa.b, ...pa.z, ...pa.i, ...pa.v];
  const now = new Set([...pb.b, ...pb.z, ...pb.i, ...pb.v]);
  const lost = all.find((x) => !now.has(x));
  const extra = [...pb.b, ...pb.z, ...pb.i, ...pb.v].find((x) => !all.includes(x));
  return `boot state ${lost ?? '-'} now ${extra ?? '-'}`;
}

/** The `state` words state_store() takes as an online type. */
const ONLINE_TYPE_WORDS: ReadonlySet<string> = new Set(['online', 'online_kernel', 'online_movable']);

/** What a configuration's guest carries besides its command line (oracle/campaign-configs.ts). */
export interface GuestDevices {
  readonly surface?: CampaignSurface;
  /** PMEM ranges put in devdax mode at boot (dax kmem). */
  readonly devdax?: readonly PmemRange[];
  readonly virtioMem?: VirtioMemDevice;
}

/** One configuration's guest, reused across sequences and put back to its boot state between them. */
export class Guest {
  km: KernelMachine | undefined;
  private initialKey = '';
  initial: GuestState | undefined;
  parameters: Record<string, string> = {};
  /** Why each reset had to reboot: the first piece of state that did not come back. */
  rebootReasons: string[] = [];
  /** Resets that brought the boot state back without a boot. */
  resets = 0;
  /** A sequence ran since the last reset. */
  dirty = false;
  /** Blocks a sequence wrote an online type to while they were online: the type stays, unseen (fa2be40fe7c0). */
  readonly typed = new Set<number>();

  constructor(
    private readonly kernel: KernelImage,
    private readonly cmdline: readonly string[],
    private readonly status?: (text: string) => void,
    private readonly devices: GuestDevices = {},
    /** Where a reboot restores the configuration's saved boot instead of booting (oracle/boot-snapshot.ts). */
    private readonly snapshots?: BootSnapshots,
  ) {}

  async ready(): Promise<KernelMachine> {
    if (this.km !== undefined && this.km.vm.alive) return this.km;
    this.km?.close();
    this.status?.(`booting ${this.kernel.name} (${this.cmdline.join(' ')})`);
    this.km = await KernelMachine.boot(this.kernel, this.cmdline, this.devices.devdax ?? [], this.devices.virtioMem, [], this.snapshots !== undefined ? { snapshots: this.snapshots } : {});
    if (this.kernel.config === undefined) {
      try {
        requireOptions(this.kernel, await guestKernelConfig(this.kernel, this.km));
      } catch (e) {
        this.close();
        throw e;
      }
    }
    this.initial = await this.km.state();
    this.initialKey = stateKey(this.initial, this.hasPrologue());
    this.parameters = await this.km.parameters();
    return this.km;
  }

  private hasPrologue(): boolean {
    return this.devices.surface === 'pmem' || this.devices.surface === 'kmem';
  }

  /** Boot blocks online at boot (the ones a reset onlines again). */
  private bootOnline(id: string): boolean {
    return this.initial?.blocks[id]?.state === 'online';
  }

  /**
   * Puts the guest back to its boot state: ejects every DIMM, undoes what the
   * configuration's surface added (virtio-mem shrunk to 0; kmem's blocks
   * offlined and kmem and device_dax unbound; PMEM namespaces unbound), and
   * onlines boot blocks again; reboots when the boot state does not come back.
   */
  async reset(): Promise<void> {
    const km = this.km;
    if (km === undefined || !km.vm.alive) return this.reboot();
    try {
      await this.freeUnmovable(km);
      // a DIMM whose eject the kernel refused may go once a later one (holding its memmap) is gone
      if (!(await km.ejectAll())) {
        await this.freeUnmovable(km);
        await km.ejectAll();
      }
      await this.undoSurface(km);
    } catch (e) {
      // a harness step that cannot run (no dax device yet, a resize the driver never read) says the guest is not as expected
      this.rebootReasons.push(`undo of the ${this.devices.surface ?? 'dimm'} surface failed: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`);
      return this.reboot();
    }
    let s = await km.state();
    const typed = new Set(this.typed);
    this.typed.clear();
    for (const [id, boot] of Object.entries(this.initial?.blocks ?? {})) {
      const now = s.blocks[id];
      if (boot.state !== 'online' || now?.state !== 'online') continue;
      // an online type left on the block (fa2be40fe7c0) is cleared by the next online, and a block
      // onlined into another zone goes back by an offline and an online into a kernel zone
      const moved = now.validZones !== boot.validZones;
      if (!typed.has(Number(id)) && !moved) continue;
      let off = await km.apply({ op: 'state', block: Number(id), word: 'offline' });
      if (off.answer === '-EBUSY') {
        await this.freeUnmovable(km);
        off = await km.apply({ op: 'state', block: Number(id), word: 'offline' });
      }
      // -EINVAL: the block has a hole or spans two zones (offline_pages(), mm/memory_hotplug.c), which no
      // hotplug changes: it never goes offline, so it is never onlined again and its left type never used
      if (off.answer === '-EINVAL' && !moved) continue;
      if (off.answer !== 'ok') {
        this.rebootReasons.push(`block ${id} ${moved ? `is online in ${now.validZones}` : 'keeps an online type a refused state write left'} (offline: ${off.answer})`);
        return this.reboot();
      }
    }
    s = await km.state();
    for (const [id, b] of Object.entries(s.blocks)) {
      if (b.state === 'offline' && this.bootOnline(id)) await km.apply({ op: 'state', block: Number(id), word: 'online_kernel' });
    }
    s = await km.state();
    if (stateKey(s, this.hasPrologue()) !== this.initialKey) {
      this.rebootReasons.push(firstDifference(this.initialKey, stateKey(s, this.hasPrologue())));
      await this.reboot();
      return;
    }
    this.resets++;
  }

  /**
   * Drops the page cache and reclaimable slab and compacts memory: what the
   * guest allocated in a hot-added kernel-zone block while a sequence ran
   * (dentries and inodes of the sysfs files it read, above all) is what
   * makes an offline of that block -EBUSY (has_unmovable_pages(),
   * mm/page_alloc.c). Between sequences only: the sequences themselves see
   * the kernel's own allocations, whose refusals are declared
   * (oracle/nondeterminism.ts).
   */
  private async freeUnmovable(km: KernelMachine): Promise<void> {
    await km.vm.shell.run('sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory 2>/dev/null; true');
  }

  /** The steps that take back what a sequence of this surface may have added; their answers do not matter (the state check after does). */
  private async undoSurface(km: KernelMachine): Promise<void> {
    switch (this.devices.surface) {
      case 'virtio-mem': {
        // nothing requested, nothing to take back (a resize to 0 again would only make the driver run once more)
        const requested = Number(await km.vm.qmp.execute('qom-get', { path: `/machine/peripheral/${VIRTIO_MEM_ID}`, property: 'requested-size' }));
        if (requested !== 0) await km.apply({ op: 'virtio_mem_resize', size: 0 });
        return;
      }
      case 'kmem': {
        const s = await km.state();
        for (let b = KMEM_RANGE.start / km.blockSize; b * km.blockSize < KMEM_RANGE.start + KMEM_RANGE.size; b++) {
          if (s.blocks[String(b)]?.state === 'online') await km.apply({ op: 'state', block: b, word: 'offline' });
        }
        if (s.blocks[String(KMEM_RANGE.start / km.blockSize)] !== undefined) await km.apply({ op: 'remove_memory', ...KMEM_RANGE });
        await km.apply({ op: 'memunmap_pages', ...KMEM_NAMESPACE });
        return;
      }
      case 'pmem':
        for (const p of PMEM_NAMESPACES) await km.apply({ op: 'memunmap_pages', ...p });
        return;
      default:
        return;
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
const CHANGES_OBSERVED: ReadonlySet<string> = new Set([
  'add_memory',
  'eject_memory',
  'state',
  'online',
  'memremap_pages',
  'memunmap_pages',
  'add_memory_driver_managed',
  'remove_memory',
  'virtio_mem_resize',
]);

/**
 * A sequence on the guest as it stands (reset by the caller): every answer,
 * and the state after each memory operation except the first `unobserved`
 * steps' (a configuration's prologue, oracle/campaign-steps.ts).
 */
export async function playSequence(
  guest: Guest,
  name: string,
  config: readonly string[],
  steps: readonly Step[],
  onStep?: (index: number, total: number) => void,
  unobserved = 0,
): Promise<{ km: KernelMachine; source: string; initial: GuestState; steps: KernelStepRecord[] }> {
  const km = await guest.ready();
  const recs: KernelStepRecord[] = [];
  const source = scenarioText(config, steps);
  const scenario = parseScenario(source, name);
  const blind = new Set(scenario.steps.slice(0, unobserved).map((s) => s.step));
  let before = guest.initial;
  onStep?.(0, scenario.steps.length);
  try {
    await km.play(
      scenario.steps,
      (step) => CHANGES_OBSERVED.has(step.op) && !blind.has(step),
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

async function runOn(guest: Guest, name: string, config: readonly string[], steps: readonly Step[], series: string, unobserved = 0): Promise<KernelRecord> {
  const { km, source, initial, steps: recs } = await playSequence(guest, name, config, steps, undefined, unobserved);
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

/** One kernel's campaign: its configurations, its sequences generated up front, and what came back. */
interface KernelPlan {
  readonly kernel: KernelImage;
  readonly profile: string;
  readonly configs: readonly CampaignConfig[];
  readonly sequences: readonly PlannedSequence[];
  readonly outcomes: Array<SequenceOutcome | undefined>;
  /** Each configuration's guest (its reboot reasons and resets), once its unit has run. */
  readonly guests: Array<Guest | undefined>;
  readonly bootMs: number[];
  readonly restoreMs: number[];
  boots: number;
  restores: number;
  /** Wall time of its units, summed: the kernel's time with one guest at a time. */
  unitMs: number;
  unitsLeft: number;
  /** A line said before its first sequence's (printed when the report gets to the kernel). */
  readonly note?: string;
  noted: boolean;
}

interface PlannedSequence {
  readonly index: number;
  readonly slot: number;
  readonly prologue: readonly Step[];
  readonly steps: readonly Step[];
}

interface SequenceOutcome {
  readonly rec: KernelRecord;
  readonly compared: ReturnType<typeof compareRecord>;
  readonly cls?: string;
  readonly shrunk?: string;
}

/** A configuration's sequences of one kernel, in order, on one guest: the unit the queue schedules. */
interface Unit {
  readonly plan: KernelPlan;
  readonly slot: number;
  readonly cmdline: readonly string[];
  readonly sequences: readonly PlannedSequence[];
}

/**
 * What a sequence costs relative to a pc-dimm one, for the queue's order only (longest first):
 * virtio-mem waits for its driver to settle after each resize, kmem onlines and offlines many blocks,
 * PMEM binds and unbinds namespaces. A rough ranking, not a measurement: a wrong one only costs
 * the wall time of a unit left for the end, never a result.
 */
const SURFACE_WEIGHT: Readonly<Record<CampaignSurface, number>> = { 'virtio-mem': 3, kmem: 2, pmem: 1.5, dimm: 1 };

function planKernel(o: CampaignOptions, kernel: KernelImage): KernelPlan {
  const series = kernel.name;
  const profile = o.profile ?? kernel.profile;
  // an image file has no module sets beside it: its PMEM, dax and virtio-mem drivers are whatever it built in
  const surfaces = o.surfaces ?? (kernel.series === undefined ? ['dimm'] : undefined);
  const note =
    o.surfaces === undefined && kernel.series === undefined
      ? `memhp: kernel-campaign ${series}: pc-dimm configurations only for an image file (PMEM and kmem need a stock kernel's modules; --surface virtio-mem if it has virtio-mem built in)`
      : undefined;
  const configs = CAMPAIGN_CONFIGS.filter((c) => surfaces === undefined || surfaces.includes(c.surface));
  // a configuration for a parameter the kernel does not have would only repeat another one
  const onlinePolicy = resolveProfileOrPatch(profile).modern.onlinePolicy.value === 'policies';
  const kernelConfigs = configs.filter((c) => c.needsOnlinePolicy !== true || onlinePolicy);
  // every sequence drawn from the one stream in order, before any runs: the same seed gives the same
  // sequences however the configurations' guests are scheduled
  const rng = seedrandom(`${o.seed}:${series}`);
  const sequences = Array.from({ length: o.sequences }, (_, index): PlannedSequence => {
    const slot = index % kernelConfigs.length;
    const config = kernelConfigs[slot] as CampaignConfig;
    return { index, slot, prologue: prologue(config), steps: generateFor(config, rng, o.steps, virtioMemOf(config)?.size ?? 0) };
  });
  return {
    kernel,
    profile,
    configs: kernelConfigs,
    sequences,
    outcomes: sequences.map(() => undefined),
    guests: kernelConfigs.map(() => undefined),
    bootMs: [],
    restoreMs: [],
    boots: 0,
    restores: 0,
    unitMs: 0,
    unitsLeft: 0,
    ...(note !== undefined ? { note } : {}),
    noted: false,
  };
}

function unitsOf(plan: KernelPlan): Unit[] {
  return plan.configs.flatMap((config, slot) => {
    const sequences = plan.sequences.filter((s) => s.slot === slot);
    if (sequences.length === 0) return [];
    const header = configScenario(config);
    const cmdline = kernelCmdline(header.config, header.boot, header.pmem);
    if (typeof cmdline === 'string') throw new Error(cmdline);
    return [{ plan, slot, cmdline, sequences }];
  });
}

const unitWeight = (u: Unit): number => u.sequences.length * SURFACE_WEIGHT[(u.plan.configs[u.slot] as CampaignConfig).surface];

const secondsMean = (ms: readonly number[]): number => (ms.length ? Number((ms.reduce((a, b) => a + b, 0) / ms.length / 1000).toFixed(1)) : 0);

/**
 * The campaign: every kernel's sequences, generated from the seed, run per (kernel, configuration) on a
 * queue of `jobs` guests at once, longest units first. A configuration's sequences run in their order on
 * its own guest, reset between them, as when one guest ran at a time, so each answers the same; what is
 * reported (lines, report.json, KTAP) is put back in kernel and sequence order as it comes in.
 */
export async function runCampaign(o: CampaignOptions): Promise<number> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const kernels = [...(o.series ?? []).map((s) => resolveKernel(s)), ...(o.images ?? [])];
  const plans = kernels.map((k) => planKernel(o, k));
  const units = plans.flatMap(unitsOf);
  for (const u of units) u.plan.unitsLeft++;
  // longest first; equal weights keep kernel and configuration order
  const queue = units.map((u, i) => ({ u, i })).sort((a, b) => unitWeight(b.u) - unitWeight(a.u) || a.i - b.i).map((x) => x.u);
  const total = plans.reduce((n, p) => n + p.sequences.length, 0);
  const findings: CampaignFinding[] = [];
  const summary: Array<Record<string, unknown>> = [];
  const t0 = Date.now();
  let done = 0;
  let disagreeingSoFar = 0;

  // reporting in kernel and sequence order: the next plan and sequence not yet reported
  let at = { plan: 0, sequence: 0 };
  const report = (): void => {
    for (;;) {
      const plan = plans[at.plan];
      if (plan === undefined) return;
      if (!plan.noted) {
        plan.noted = true;
        if (plan.note !== undefined) log(plan.note);
      }
      if (at.sequence < plan.sequences.length) {
        const outcome = plan.outcomes[at.sequence];
        if (outcome === undefined) return;
        reportSequence(plan, plan.sequences[at.sequence] as PlannedSequence, outcome);
        at = { ...at, sequence: at.sequence + 1 };
        continue;
      }
      if (plan.unitsLeft > 0) return;
      summary.push(kernelSummary(plan));
      at = { plan: at.plan + 1, sequence: 0 };
    }
  };
  const reportSequence = (plan: KernelPlan, s: PlannedSequence, out: SequenceOutcome): void => {
    const series = plan.kernel.name;
    const config = (plan.configs[s.slot] as CampaignConfig).lines;
    const c = out.compared;
    const seqLatitudes = c.rows.flatMap((r) => (r.latitude !== undefined ? [r.latitude] : []));
    const result = { series, sequence: s.index, name: out.rec.scenario, config, steps: out.rec.steps.length, disagreements: c.disagreements, latitudes: seqLatitudes };
    if (out.cls === undefined) {
      o.onSequence?.(result);
      return;
    }
    const first = c.disagreements[0] as Disagreement;
    findings.push({ series, sequence: s.index, config, scenario: out.rec.source, shrunk: out.shrunk ?? out.rec.source, first, cls: out.cls });
    o.onSequence?.({ ...result, cls: out.cls });
    log(`${series} sequence ${s.index} [${out.cls}]: ${first.what} at step ${first.step} (${first.text}): kernel "${first.kernel}" model "${first.model}"`);
  };
  const kernelSummary = (plan: KernelPlan): Record<string, unknown> => {
    const series = plan.kernel.name;
    const answers = new Map<string, number>();
    const latitudes = new Map<string, number>();
    const classes = new Map<string, number>();
    const stepMs: number[] = [];
    let steps = 0;
    let disagreeing = 0;
    for (const out of plan.outcomes) {
      if (out === undefined) continue;
      steps += out.rec.steps.length;
      for (const s of out.rec.steps) {
        stepMs.push(s.ms);
        const op = s.text.split(' ')[0] as string;
        const key = `${op} ${s.answer.startsWith('-') || s.answer === 'ok' || s.answer.includes('refused') ? s.answer : 'text'}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
      for (const r of out.compared.rows) if (r.latitude !== undefined) latitudes.set(r.latitude, (latitudes.get(r.latitude) ?? 0) + 1);
      if (out.cls !== undefined) {
        disagreeing++;
        classes.set(out.cls, (classes.get(out.cls) ?? 0) + 1);
      }
    }
    stepMs.sort((a, b) => a - b);
    const resets = plan.guests.reduce((n, g) => n + (g?.resets ?? 0), 0);
    const entry = {
      series,
      profile: plan.profile,
      sequences: plan.sequences.length,
      steps,
      disagreeing,
      boots: plan.boots,
      restores: plan.restores,
      resets,
      // a boot to the guest's ready line, and a restore of the saved boot to its first answer: ≈ 20× apart under TCG
      bootSecondsMean: secondsMean(plan.bootMs),
      restoreSecondsMean: secondsMean(plan.restoreMs),
      stepMsMedian: stepMs[Math.floor(stepMs.length / 2)] ?? 0,
      stepMsMax: stepMs[stepMs.length - 1] ?? 0,
      seconds: Math.round(plan.unitMs / 1000),
      covered: Object.fromEntries([...answers.entries()].sort()),
      nondeterministic: Object.fromEntries(latitudes),
      differencesByClass: Object.fromEntries(classes),
      rebootReasons: plan.configs.flatMap((c, slot) => (plan.guests[slot]?.rebootReasons ?? []).map((r) => `${c.lines.join('; ') || 'default'}: ${r}`)),
      configs: plan.configs.map((c) => c.lines.join('; ') || 'default'),
    };
    log(
      `memhp: kernel-campaign ${series} (profile ${plan.profile}) seed ${o.seed}: ${plan.sequences.length} sequences, ${steps} steps, ${disagreeing} disagreeing (${classes.get('UNEXPLAINED') ?? 0} unexplained), ${plan.boots} boots, ${plan.restores} restores, ${entry.seconds} s`,
    );
    return entry;
  };

  const running = new Set<Guest>();
  let stopped = false;
  const runUnit = async (u: Unit): Promise<void> => {
    const { plan, slot } = u;
    const series = plan.kernel.name;
    const config = plan.configs[slot] as CampaignConfig;
    const virtioMem = virtioMemOf(config);
    // a reset that cannot bring the boot state back restores the boot saved at the configuration's first start
    const snapshots = new BootSnapshots(1);
    const guest = new Guest(plan.kernel, u.cmdline, o.status, { surface: config.surface, devdax: devdaxOf(config), ...(virtioMem !== undefined ? { virtioMem } : {}) }, snapshots);
    plan.guests[slot] = guest;
    running.add(guest);
    const started = Date.now();
    try {
      for (const s of u.sequences) {
        // another unit failed: the campaign is over (its error is the one reported)
        if (stopped) return;
        // Reset lazily, before the next sequence of this configuration: none is wasted after the last one.
        if (guest.dirty) await guest.reset();
        guest.dirty = true;
        const name = `campaign-${o.seed}-${series}-${s.index}`;
        o.status?.(`kernel-campaign: ${done}/${total} sequences, ${disagreeingSoFar} disagreeing, ${Math.round((Date.now() - t0) / 1000)} s; ${series} sequence ${s.index + 1}/${plan.sequences.length} (${config.surface})`);
        const rec = await runOn(guest, name, config.lines, [...s.prologue, ...s.steps], series, s.prologue.length);
        const compared = compareRecord(rec, plan.profile);
        let outcome: SequenceOutcome = { rec, compared };
        if (compared.disagreements.length > 0) {
          disagreeingSoFar++;
          const cls = classify(compared.disagreements[0] as Disagreement, config.lines)?.id ?? 'UNEXPLAINED';
          // Only unexplained differences are worth the reruns of a shrink.
          outcome = { rec, compared, cls, ...(cls === 'UNEXPLAINED' ? { shrunk: await shrink(guest, name, config.lines, s.prologue, s.steps, series, plan.profile, o.status) } : {}) };
        }
        plan.outcomes[s.index] = outcome;
        done++;
        report();
      }
    } finally {
      running.delete(guest);
      guest.close();
      snapshots.close();
      plan.boots += snapshots.boots;
      plan.restores += snapshots.restores;
      plan.bootMs.push(...snapshots.bootMs);
      plan.restoreMs.push(...snapshots.restoreMs);
      plan.unitMs += Date.now() - started;
      plan.unitsLeft--;
    }
    report();
  };
  // the first kernel's note, if any, before anything runs
  report();
  await runQueue(queue, o.jobs ?? 1, runUnit, () => {
    stopped = true;
    for (const g of running) g.close();
  });
  // a kernel with no unit (no sequence) still gets its summary
  report();

  if (o.out !== undefined) {
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'report.json'), `${JSON.stringify({ seed: o.seed, summary, findings }, null, 1)}\n`);
    findings.forEach((f, i) => writeFileSync(join(o.out as string, `finding-${f.series}-${i}.scn`), f.shrunk));
  }
  return findings.some((f) => f.cls === 'UNEXPLAINED') ? 1 : 0;
}

/** One greedy pass: drop each step in turn (the prologue stays) while the rest still disagrees on the kernel. */
async function shrink(
  guest: Guest,
  name: string,
  config: readonly string[],
  pro: readonly Step[],
  seq: readonly Step[],
  series: string,
  profile: string,
  status?: (text: string) => void,
): Promise<string> {
  let current = [...seq];
  for (let i = current.length - 1; i >= 0; i--) {
    const candidate = current.filter((_, j) => j !== i);
    status?.(`kernel-campaign ${series}: shrinking ${name}, ${current.length} steps left, trying without step ${i + 1}`);
    await guest.reset();
    const rec = await runOn(guest, `${name}-shrink`, config, [...pro, ...candidate], series, pro.length);
    if (compareRecord(rec, profile).disagreements.length > 0) current = candidate;
  }
  const header = `# ${name}, shrunk on ${series} against ${profile}\n`;
  return header + scenarioText(config, [...pro, ...current]);
}

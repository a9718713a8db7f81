/**
 * A scenario's steps on a real kernel: DIMMs plugged and unplugged through
 * QMP, sysfs written and read over the serial command channel, legacy-PMEM
 * namespaces bound to and unbound from nd_pmem. Every answer is what the
 * kernel (or, marked so, QEMU or libnvdimm) said; nothing is inferred.
 */
import type { PmemRange, Step } from '../model/step.ts';
import { printStep as printStepText } from '../scenario/index.ts';
import type { BootSnapshots } from './boot-snapshot.ts';
import { DaxKmem } from './dax-kmem.ts';
import { Fsdax } from './fsdax.ts';
import { errnoOfMessage } from './errno-text.ts';
import { batchCommand, readBatch } from './guest-batch.ts';
import { blockText, parseState, READ_STATE_COMMAND, zoneText, type GuestState } from './guest-state.ts';
import type { KernelImage } from './kernel-image.ts';
import { pmemModules, wantsPmem } from './pmem-modules.ts';
import { QmpError } from './qmp.ts';
import { GuestFailure, Vm } from './vm.ts';
import type { VirtioMemDevice } from '../model/step.ts';
import { parseVirtioRanges, pluggedSize, REQUESTS_SEEN_COMMAND, resize, VIRTIO_RANGES_COMMAND, virtioMemModules } from './virtio-mem-guest.ts';

/**
 * `qemu-refused`: QEMU turned the request down before the guest saw it (a
 * DIMM overlapping another or outside the hotplug window, an eject where no
 * DIMM is). `refused`: the guest reported the hot-add failed (ACPI _OST
 * failure) without an errno.
 */
export const QEMU_REFUSED = 'qemu-refused';
export const GUEST_REFUSED = 'refused';
/**
 * libnvdimm turned a bind down before memremap_pages() ran: a namespace off
 * the memremap_compat_align() grid (2 MiB on x86) is "misaligned, unable to
 * map" (nvdimm_namespace_common_probe(), drivers/nvdimm/namespace_devs.c);
 * the write answers -EOPNOTSUPP on 6.1+ and -ENODEV on 5.10, whose driver
 * core reports any probe failure so. The errno is kept in the note.
 */
export const LIBNVDIMM_REFUSED = 'libnvdimm-refused';
/** A pfn seed's align when the scenario names none: nd_pfn_default_alignment() on x86_64, the PMD size. */
const DEFAULT_PFN_ALIGN = 2 * 2 ** 20;
/** memremap_compat_align() on x86_64: the sub-section size, 2 MiB. */
const ND_MAP_ALIGN = 2 * 2 ** 20;
const ND = '/sys/bus/nd';

/** How a guest comes up: booted (or restored from a saved boot), within a time limit. */
export interface BootHow {
  readonly snapshots?: BootSnapshots;
  /** How long a boot may take to reach the init's ready line (default 90 s). */
  readonly bootTimeoutMs?: number;
}

export interface KernelAnswer {
  readonly answer: string;
  /** Why, when the answer is not the kernel's own errno (QMP text, timeout, …). */
  readonly note?: string;
  readonly ms: number;
}

/** One step's answer and, when the caller asked for it, the guest's state right after it. */
export interface StepOutcome extends KernelAnswer {
  readonly state?: GuestState;
}

/** A step to play and the scenario line it came from (for naming it when the guest dies). */
export interface PlayedStep {
  readonly step: Step;
  readonly line: number;
}

/**
 * A step the guest can run inside a batch with no decision by the host in
 * between: the shell fragment to run and how its output and exit status make
 * the answer. Steps with none (QMP hotplug, whose eject waits on QEMU's
 * events; nd bind, whose failure asks the guest one more question) go one
 * round trip each.
 */
interface GuestStep {
  readonly script: string;
  answer(output: string, status: number): [string, string?];
}

/** The guest ran the steps before this one; this one never finished (a panic, a hung write, a closed port). */
export class GuestDied extends Error {
  constructor(
    readonly index: number,
    readonly line: number,
    message: string,
    /** The answers of the batch's steps before `index`. */
    readonly answered: readonly StepOutcome[],
  ) {
    super(message);
  }
}

/** A batch waits this long per step on top of a single command's 30 s: a state read under TCG takes up to a second or two. */
const BATCH_MS_PER_STEP = 10_000;

interface Dimm {
  readonly id: string;
  readonly backend: string;
  readonly start: number;
  readonly size: number;
}

const MEM = '/sys/devices/system/memory';
/** ACPI _OST status codes (ACPI 6, table 6.x): 0 success, 0x84 "ejection in progress". */
const OST_SUCCESS = 0;
const OST_EJECT_IN_PROGRESS = 0x84;
const OST_SOURCE_EJECT = 3;
const HOTPLUG_TIMEOUT_MS = 30_000;

const shellQuote = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;

export class KernelMachine {
  private readonly dimms = new Map<number, Dimm>();
  /** namespace name by `<start>:<size>` (bytes), read once from sysfs. */
  private namespaces: Map<string, string> | undefined;
  private serial = 0;
  readonly blockSize: number;
  /** The devdax namespaces and their kmem binding (oracle/dax-kmem.ts). */
  private readonly kmem: DaxKmem;
  /** The fsdax namespaces (oracle/fsdax.ts). */
  private readonly fsdax: Fsdax;

  private constructor(readonly vm: Vm, blockSize: number, readonly virtioMem: VirtioMemDevice | undefined) {
    this.blockSize = blockSize;
    this.kmem = new DaxKmem(vm.shell, blockSize);
    this.fsdax = new Fsdax(vm.shell);
  }

  /**
   * Boots. A stock kernel that fails to come up is tried once more (TCG boots
   * under load are not always clean); an image file that never gets ready is
   * reported at once: a kernel that cannot boot here is not going to on retry.
   * With `how.snapshots`, a boot seen before is a restore of its saved copy
   * (oracle/boot-snapshot.ts).
   */
  static async boot(
    kernel: KernelImage,
    cmdline: readonly string[],
    devdax: readonly PmemRange[] = [],
    virtioMem?: VirtioMemDevice,
    fsdax: readonly PmemRange[] = [],
    how: BootHow = {},
  ): Promise<KernelMachine> {
    let vm: Vm;
    const timeout = how.bootTimeoutMs !== undefined ? { bootTimeoutMs: how.bootTimeoutMs } : {};
    const base = wantsPmem(cmdline) ? { cmdline, pmemModules: pmemModules(kernel, devdax.length > 0), ...timeout } : { cmdline, ...timeout };
    const modules = virtioMem === undefined ? undefined : virtioMemModules(kernel);
    const opts = virtioMem === undefined ? base : { ...base, virtioMem: modules === undefined ? { device: virtioMem } : { device: virtioMem, modules } };
    const start = (): Promise<Vm> => (how.snapshots !== undefined ? how.snapshots.start(kernel, opts) : Vm.boot(kernel, opts));
    try {
      vm = await start();
    } catch (e) {
      if (!(e instanceof GuestFailure) || kernel.series === undefined) throw e;
      process.stderr.write(`memhp: boot failed, trying once more: ${e.message}\n`);
      vm = await start();
    }
    try {
      const r = await vm.shell.run(`cat ${MEM}/block_size_bytes`);
      const km = new KernelMachine(vm, parseInt(r.output.trim(), 16), virtioMem);
      for (const p of devdax) await km.kmem.devdax(p.start, p.size, p.align);
      for (const p of fsdax) await km.fsdax.add(p.start, p.size, p.align ?? DEFAULT_PFN_ALIGN);
      return km;
    } catch (e) {
      vm.close();
      throw e;
    }
  }

  close(): void {
    this.vm.close();
  }

  async state(): Promise<GuestState> {
    if (this.virtioMem === undefined) {
      const r = await this.vm.shell.run(READ_STATE_COMMAND);
      return this.kmem.hideDevdaxClaims(parseState(r.output));
    }
    const r = await this.vm.shell.run(`${READ_STATE_COMMAND}; ${VIRTIO_RANGES_COMMAND}`);
    return { ...this.kmem.hideDevdaxClaims(parseState(r.output)), virtioMem: { plugged: await pluggedSize(this.vm.qmp), ranges: parseVirtioRanges(r.output) } };
  }

  /**
   * The host's resize; the driver works on its own workqueue, so the step ends
   * once the plugged size has settled and two reads of the guest's state
   * half a second apart agree (the last block's add, online or removal done).
   */
  private async virtioMemResize(size: number): Promise<[string, string?]> {
    if (this.virtioMem === undefined) throw new Error('virtio_mem_resize without a virtio-mem device');
    const qmp = this.vm.qmp;
    const shell = this.vm.shell;
    const plugged = await resize({ execute: (c, a) => qmp.execute(c, a), seen: async () => (await shell.run(REQUESTS_SEEN_COMMAND)).output.trim() }, size);
    let before = JSON.stringify(await this.state());
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const now = JSON.stringify(await this.state());
      if (now === before) break;
      before = now;
    }
    return plugged === size ? ['ok'] : ['ok', `plugged 0x${plugged.toString(16)} of 0x${size.toString(16)} requested`];
  }

  /** Hotplug parameters and the auto-online default as the booted kernel has them. */
  async parameters(): Promise<Record<string, string>> {
    const r = await this.vm.shell.run(
      `echo auto_online_blocks:$(cat ${MEM}/auto_online_blocks); echo block_size_bytes:$(cat ${MEM}/block_size_bytes); ` +
        `grep -H . /sys/module/memory_hotplug/parameters/* 2>/dev/null`,
    );
    const out: Record<string, string> = {};
    for (const line of r.output.split('\n')) {
      const m = /^(?:\/sys\/module\/memory_hotplug\/parameters\/)?([a-z_]+):(.*)$/.exec(line.trim());
      if (m !== null) out[m[1] as string] = (m[2] as string).trim();
    }
    return out;
  }

  /**
   * Plays steps in order and returns each one's answer, with the state after
   * it where `observe` says so. Runs of steps that need no host decision
   * between them (guestStep()) go to the guest as one command: the guest
   * runs each in its own subshell and prints its output, exit status, guest
   * clock and the state after it between markers, and the answers are read
   * step by step afterwards, exactly as one-step commands would have been.
   * `onOutcome` sees each step as soon as its answer is in. A guest that
   * dies mid-run is a GuestDied naming the first step that did not finish.
   */
  async play(steps: readonly PlayedStep[], observe: (step: Step) => boolean, onOutcome?: (index: number, o: StepOutcome) => void): Promise<StepOutcome[]> {
    const out: StepOutcome[] = [];
    const emit = (o: StepOutcome): void => {
      out.push(o);
      onOutcome?.(out.length - 1, o);
    };
    let i = 0;
    while (i < steps.length) {
      let j = i;
      while (j < steps.length && this.guestStep((steps[j] as PlayedStep).step) !== undefined) j++;
      if (j > i) {
        let answered: readonly StepOutcome[];
        try {
          answered = await this.batch(steps.slice(i, j), i, observe);
        } catch (e) {
          // the steps the guest answered before it died are reported before the failure
          if (e instanceof GuestDied) for (const o of e.answered) emit(o);
          throw e;
        }
        for (const o of answered) emit(o);
        i = j;
        continue;
      }
      const s = steps[i] as PlayedStep;
      const a = await this.apply(s.step);
      if (!this.vm.alive) throw new GuestDied(i, s.line, this.diedMessage(s), []);
      const state = observe(s.step) ? await this.state() : undefined;
      emit({ ...a, ...(state !== undefined ? { state } : {}) });
      i++;
    }
    return out;
  }

  private diedMessage(s: PlayedStep, why?: string): string {
    const what = this.vm.alive ? 'guest did not finish' : 'guest died at';
    return `${what} line ${s.line} (${printStepText(s.step)})${why !== undefined ? `: ${why}` : ''}:\n${this.vm.consoleTail()}`;
  }

  /** One round trip for steps that all have a guestStep(); `first` is the index of steps[0] in the caller's list. */
  private async batch(steps: readonly PlayedStep[], first: number, observe: (step: Step) => boolean): Promise<StepOutcome[]> {
    const guestSteps = steps.map((s) => this.guestStep(s.step) as GuestStep);
    const command = batchCommand(steps.map((s, k) => ({ script: (guestSteps[k] as GuestStep).script, ...(observe(s.step) ? { observe: READ_STATE_COMMAND } : {}) })));
    const r = await this.vm.shell.runPartial(command, 30_000 + steps.length * BATCH_MS_PER_STEP);
    const { answers, finished } = readBatch(r.output, steps.length);
    const out = answers.map((b, k): StepOutcome => {
      const [answer, note] = (guestSteps[k] as GuestStep).answer(b.output, b.status);
      return { answer, ...(note !== undefined ? { note } : {}), ms: b.ms, ...(b.observed !== undefined ? { state: this.kmem.hideDevdaxClaims(parseState(b.observed)) } : {}) };
    });
    if (finished < steps.length) {
      // the steps the guest finished are answered; the first one it did not is named
      const s = steps[finished] as PlayedStep;
      throw new GuestDied(first + finished, s.line, this.diedMessage(s, r.why ?? 'the guest\'s answer to it is incomplete'), out);
    }
    if (!r.complete || !this.vm.alive) {
      const s = steps[steps.length - 1] as PlayedStep;
      throw new GuestDied(first + steps.length - 1, s.line, this.diedMessage(s, r.why), out);
    }
    return out;
  }

  /** The batchable form of a step (see GuestStep), or undefined for a step that needs its own round trip. */
  private guestStep(step: Step): GuestStep | undefined {
    // a virtio-mem guest's state includes the device's plugged size, which only QMP can read (state())
    if (this.virtioMem !== undefined) return undefined;
    switch (step.op) {
      case 'state':
      case 'online':
        return { script: this.writeCommand(step.block, step.op, step.word), answer: (output, status) => writeAnswer(output, status) };
      case 'valid_zones':
        return { script: validZonesCommand(step.block), answer: (output, status) => [validZonesAnswer(output, status)] };
      case 'block':
        return { script: READ_STATE_COMMAND, answer: (output) => [blockText(parseState(output).blocks[String(step.block)])] };
      case 'zone':
        return { script: READ_STATE_COMMAND, answer: (output) => [zoneText(parseState(output).zones[step.zone])] };
      case 'dump':
        return { script: 'true', answer: () => ['ok'] };
      default:
        return undefined;
    }
  }

  private writeCommand(block: number, file: 'state' | 'online', word: string): string {
    return `echo ${shellQuote(word)} > ${MEM}/memory${block}/${file} && echo MEMHP-OK`;
  }

  async apply(step: Step): Promise<KernelAnswer> {
    const t0 = Date.now();
    const done = (answer: string, note?: string): KernelAnswer => ({ answer, ...(note !== undefined ? { note } : {}), ms: Date.now() - t0 });
    switch (step.op) {
      case 'add_memory':
        return this.plug(step.start, step.size, done);
      case 'eject_memory':
        return this.unplug(step.start, step.size, done);
      case 'state':
      case 'online':
        return done(...(await this.write(step.block, step.op, step.word)));
      case 'valid_zones': {
        const r = await this.vm.shell.run(validZonesCommand(step.block));
        return done(validZonesAnswer(r.output, r.status));
      }
      case 'block': {
        const s = await this.state();
        return done(blockText(s.blocks[String(step.block)]));
      }
      case 'zone': {
        const s = await this.state();
        return done(zoneText(s.zones[step.zone]));
      }
      case 'memremap_pages':
        if (this.kmem.isDevdax(step.start, step.size)) return done(...(await this.kmem.map(step.start, step.size)));
        if (this.fsdax.has(step.start, step.size)) return done(...(await this.fsdax.map(step.start, step.size)));
        return done(...(await this.nd('bind', step.start, step.size)));
      case 'memunmap_pages':
        if (this.kmem.isDevdax(step.start, step.size)) return done(...(await this.kmem.unmap(step.start, step.size)));
        if (this.fsdax.has(step.start, step.size)) return done(...(await this.fsdax.unmap(step.start, step.size)));
        return done(...(await this.nd('unbind', step.start, step.size)));
      case 'add_memory_driver_managed':
        return done(...(await this.kmem.bind(step.start, step.size)));
      case 'remove_memory':
        return done(...(await this.kmem.unbind(step.start, step.size)));
      case 'dump':
        return done('ok');
      case 'virtio_mem_resize':
        return done(...(await this.virtioMemResize(step.size)));
      default:
        throw new Error(`step ${step.op} is not expressible on a real kernel`);
    }
  }

  /** Unplugs every DIMM (campaign reset); answers whether all went. */
  async ejectAll(): Promise<boolean> {
    let all = true;
    for (const d of [...this.dimms.values()].reverse()) {
      const a = await this.apply({ op: 'eject_memory', start: d.start, size: d.size });
      if (a.answer !== 'ok') all = false;
    }
    return all;
  }

  private async write(block: number, file: 'state' | 'online', word: string): Promise<[string, string?]> {
    const r = await this.vm.shell.run(this.writeCommand(block, file, word));
    return writeAnswer(r.output, r.status);
  }

  /**
   * Binds (devm_memremap_pages() in pmem_attach_disk(), drivers/nvdimm/pmem.c)
   * or unbinds (its devm release: memunmap_pages()) the namespace over exactly
   * [start, start + size).
   */
  private async nd(op: 'bind' | 'unbind', start: number, size: number): Promise<[string, string?]> {
    const name = await this.namespaceOf(start, size);
    const r = await this.vm.shell.run(`echo ${name} > ${ND}/drivers/nd_pmem/${op} && echo MEMHP-OK`);
    if (r.output.includes('MEMHP-OK')) return ['ok'];
    const e = errnoOfMessage(r.output) ?? (/Operation not supported|Not supported/.test(r.output) ? '-EOPNOTSUPP' : undefined);
    if (op === 'bind' && (start % ND_MAP_ALIGN !== 0 || size % ND_MAP_ALIGN !== 0)) {
      const why = await this.vm.shell.run(`dmesg | grep -E '${name}: .*misaligned' | tail -1`);
      return [LIBNVDIMM_REFUSED, `${e ?? r.output.trim()}${why.output.trim() !== '' ? `: ${why.output.trim().replace(/^\[[^\]]*\] */, '')}` : ''}`];
    }
    return e !== undefined ? [e] : ['error', r.output.trim() || `exit status ${r.status}, no message`];
  }

  private async namespaceOf(start: number, size: number): Promise<string> {
    if (this.namespaces === undefined) {
      const r = await this.vm.shell.run(`for n in ${ND}/devices/namespace*.*; do [ -e $n/resource ] && echo "N \${n##*/} $(cat $n/resource) $(cat $n/size)"; done; true`);
      this.namespaces = new Map();
      for (const line of r.output.split('\n')) {
        const m = /^N (\S+) (0x[0-9a-f]+) (\d+)$/.exec(line.trim());
        if (m !== null) this.namespaces.set(`${Number(BigInt(m[2] as string))}:${Number(m[3])}`, m[1] as string);
      }
    }
    const name = this.namespaces.get(`${start}:${size}`);
    if (name === undefined) {
      const seen = [...this.namespaces.entries()].map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
      throw new Error(`the guest has no namespace over exactly 0x${start.toString(16)} 0x${size.toString(16)} (namespaces: ${seen})`);
    }
    return name;
  }

  private blocksOf(start: number, size: number): number[] {
    const out: number[] = [];
    for (let b = Math.floor(start / this.blockSize); b * this.blockSize < start + size; b++) out.push(b);
    return out;
  }

  private async plug(start: number, size: number, done: (a: string, n?: string) => KernelAnswer): Promise<KernelAnswer> {
    const n = ++this.serial;
    const dimm: Dimm = { id: `dimm${n}`, backend: `mem${n}`, start, size };
    const qmp = this.vm.qmp;
    qmp.drainEvents();
    try {
      await qmp.execute('object-add', { 'qom-type': 'memory-backend-ram', id: dimm.backend, size });
    } catch (e) {
      if (e instanceof QmpError) return done(QEMU_REFUSED, e.desc);
      throw e;
    }
    try {
      await qmp.execute('device_add', { driver: 'pc-dimm', id: dimm.id, memdev: dimm.backend, addr: start });
    } catch (e) {
      await qmp.execute('object-del', { id: dimm.backend }).catch(() => undefined);
      if (e instanceof QmpError) return done(QEMU_REFUSED, e.desc);
      throw e;
    }
    this.dimms.set(start, dimm);
    // The guest's ACPI handler answers with _OST once add_memory (and any auto-online) is done.
    const ost = await qmp.waitEvent((ev) => ev.event === 'ACPI_DEVICE_OST' && ostInfo(ev.data).device === dimm.id, HOTPLUG_TIMEOUT_MS);
    const blocks = this.blocksOf(start, size);
    const check = await this.vm.shell.run(blocks.map((b) => `test -d ${MEM}/memory${b} && echo y${b}`).join('; '));
    const present = blocks.filter((b) => check.output.includes(`y${b}\n`));
    if (ost === undefined) return done(present.length === blocks.length ? 'ok' : GUEST_REFUSED, 'no ACPI _OST from the guest');
    const status = ostInfo(ost.data).status;
    if (status === OST_SUCCESS && present.length === blocks.length) return done('ok');
    // The guest added nothing: take the DIMM out of QEMU again so the address space matches.
    if (present.length === 0) await this.unplug(start, size, (a) => ({ answer: a, ms: 0 }));
    return done(GUEST_REFUSED, `ACPI _OST status ${status}, ${present.length}/${blocks.length} memory blocks present`);
  }

  private async unplug(start: number, size: number, done: (a: string, n?: string) => KernelAnswer): Promise<KernelAnswer> {
    const dimm = this.dimms.get(start);
    if (dimm === undefined || dimm.size !== size) return done(QEMU_REFUSED, 'no DIMM plugged at exactly this range');
    const qmp = this.vm.qmp;
    qmp.drainEvents();
    for (let attempt = 0; ; attempt++) {
      try {
        await qmp.execute('device_del', { id: dimm.id });
        break;
      } catch (e) {
        // An earlier refused unplug may still count as pending in QEMU for a few seconds.
        if (e instanceof QmpError && /already|pending|progress/i.test(e.desc) && attempt < 20) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        if (e instanceof QmpError) return done(QEMU_REFUSED, e.desc);
        throw e;
      }
    }
    const ev = await qmp.waitEvent(
      (e) =>
        (e.event === 'DEVICE_DELETED' && e.data?.device === dimm.id) ||
        (e.event === 'ACPI_DEVICE_OST' &&
          ostInfo(e.data).device === dimm.id &&
          ostInfo(e.data).source === OST_SOURCE_EJECT &&
          ![OST_SUCCESS, OST_EJECT_IN_PROGRESS].includes(ostInfo(e.data).status)),
      HOTPLUG_TIMEOUT_MS,
    );
    if (ev === undefined) return done('-EBUSY', `no DEVICE_DELETED within ${HOTPLUG_TIMEOUT_MS / 1000} s`);
    if (ev.event === 'ACPI_DEVICE_OST') return done('-EBUSY', `eject refused, ACPI _OST status 0x${ostInfo(ev.data).status.toString(16)}`);
    this.dimms.delete(start);
    await qmp.execute('object-del', { id: dimm.backend }).catch(() => undefined);
    return done('ok');
  }
}

/** The answer of a state/online write: the shell's echo reports a failed write with its strerror text (busybox printf stays silent). */
function writeAnswer(output: string, status: number): [string, string?] {
  if (output.includes('MEMHP-OK')) return ['ok'];
  const e = errnoOfMessage(output);
  return e !== undefined ? [e] : ['error', output.trim() || `exit status ${status}, no message`];
}

const validZonesCommand = (block: number): string => `cat ${MEM}/memory${block}/valid_zones`;

function validZonesAnswer(output: string, status: number): string {
  return status === 0 ? output.trim().split(/\s+/).join(' ') : (errnoOfMessage(output) ?? `error: ${output.trim()}`);
}

function ostInfo(data: Record<string, unknown> | undefined): { device: string; source: number; status: number } {
  const info = (data?.info ?? {}) as Record<string, unknown>;
  return { device: String(info.device ?? ''), source: Number(info.source ?? -1), status: Number(info.status ?? -1) };
}

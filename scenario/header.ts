/**
 * Header lines (`profile`, `geometry`, `config`, `boot`): collected until the
 * first step, then checked together, because page alignment and the boot
 * ranges depend on the geometry, which may be written after them.
 */
import type { GeometryParams } from '../model/geometry.ts';
import { DEFAULT_GEOMETRY, deriveGeometry, GEOMETRY_PRESETS } from '../model/geometry.ts';
import { configKey, CONFIG_KEYS } from '../model/config.ts';
import { findProfile, profileNames } from '../model/profiles/index.ts';
import { bootProblem } from '../model/setup.ts';
import type { BootRange, NamespaceMode, PmemRange, VirtioMemDevice } from '../model/step.ts';
import { namespaceModeProblem } from '../model/namespace-mode.ts';
import { DEFAULT_DEVICE_BLOCK, virtioMemProblem } from '../model/virtio-mem.ts';
import { pmemProblem } from '../model/setup.ts';
import { parseArgs } from './args.ts';
import type { Reporter } from './errors.ts';
import type { SplitLine } from './expect.ts';
import { parseGeometryLine } from './geometry-line.ts';
import type { HeaderWord } from './keywords.ts';
import type { Token } from './lexer.ts';
import { nodeOption } from './node.ts';
import { checkAligned, parseNumber } from './numbers.ts';
import { quote } from './quote.ts';
import type { ConfigLine } from './types.ts';

export interface HeaderResult {
  readonly profile?: string;
  readonly geometry?: GeometryParams;
  readonly config: readonly ConfigLine[];
  readonly boot: readonly BootRange[];
  /** `config pmem` ranges, in file order. */
  readonly pmem: readonly PmemRange[];
  /** The `config virtio_mem` device, if any. */
  readonly virtioMem?: VirtioMemDevice;
  /** Page size of the geometry in force (the default one without a geometry line). */
  readonly pageSize: number;
}

interface BootLine {
  readonly range: BootRange;
  readonly keyword: Token;
  readonly start: Token;
  readonly size: Token;
}

const BOOT_USAGE = 'boot <start> <size> [node=N]';
const PMEM_USAGE = 'config pmem <start> <size> [mode=raw|fsdax|devdax] [align=<size>]';
const MODES: readonly NamespaceMode[] = ['raw', 'fsdax', 'devdax'];
const VIRTIO_MEM_USAGE = 'config virtio_mem <start> <size> [block=<size>]';

interface PmemLine {
  readonly range: PmemRange;
  readonly keyword: Token;
  readonly start: Token;
  readonly size: Token;
}

export class Header {
  private profile: { readonly name: string; readonly line: number } | undefined;
  private geometry: { readonly params: GeometryParams; readonly line: number } | undefined;
  private readonly config: ConfigLine[] = [];
  private readonly boot: BootLine[] = [];
  private readonly pmem: PmemLine[] = [];
  private virtioMem: { readonly device: VirtioMemDevice; readonly keyword: Token } | undefined;

  constructor(private readonly r: Reporter) {}

  get empty(): boolean {
    return this.profile === undefined && this.geometry === undefined && this.config.length === 0 && this.boot.length === 0 && this.pmem.length === 0 && this.virtioMem === undefined;
  }

  /** One header line; `split.words[0]` is the keyword. */
  add(word: HeaderWord, split: SplitLine): void {
    const r: Reporter = this.r;
    const [keyword, ...rest] = split.words as [Token, ...Token[]];
    if (split.arrow !== undefined) r.at(split.arrow, 'an expected outcome ("->") is not allowed on a header line');
    switch (word) {
      case 'profile':
        return this.addProfile(keyword, rest);
      case 'geometry': {
        if (this.geometry !== undefined) r.at(keyword, `geometry given twice (first on line ${this.geometry.line})`);
        this.geometry = { params: parseGeometryLine(keyword, rest, r), line: keyword.line };
        return;
      }
      case 'config':
        return this.addConfig(keyword, rest);
      case 'boot':
        return this.addBoot(keyword, rest);
    }
  }

  private addProfile(keyword: Token, rest: readonly Token[]): void {
    const r: Reporter = this.r;
    const usage = 'profile <name>';
    if (this.profile !== undefined) r.at(keyword, `profile given twice (first on line ${this.profile.line})`);
    const args = parseArgs(keyword, rest, { positional: ['profile name'], options: [], usage }, r);
    const name = args.positional[0] as Token;
    if (findProfile(name.text) === undefined) {
      r.at(name, `unknown profile ${quote(name.text)} (known: ${profileNames().join(', ')})`);
    }
    this.profile = { name: name.text, line: keyword.line };
  }

  private addConfig(keyword: Token, rest: readonly Token[]): void {
    const r: Reporter = this.r;
    // `config pmem` takes a range and may repeat: one line per e820 type-12 range
    if (rest[0]?.text === 'pmem') return this.addPmem(keyword, rest.slice(1));
    if (rest[0]?.text === 'virtio_mem') return this.addVirtioMem(keyword, rest.slice(1));
    const usage = 'config <key> <value>';
    const args = parseArgs(keyword, rest, { positional: ['config key', 'config value'], options: [], usage }, r);
    const [keyTok, valueTok] = args.positional as [Token, Token];
    const key = configKey(keyTok.text);
    if (key === undefined) {
      r.at(keyTok, `unknown config key ${quote(keyTok.text)} (known: ${[...CONFIG_KEYS.map((k) => k.key), 'pmem', 'virtio_mem'].join(', ')})`);
    }
    const first = this.config.find((c) => c.key === key.key);
    if (first !== undefined) r.at(keyTok, `config ${key.key} given twice (first on line ${first.line})`);
    const accepted = key.accepts === undefined ? key.values.includes(valueTok.text) : key.accepts(valueTok.text);
    if (!accepted) {
      r.at(valueTok, `bad value ${quote(valueTok.text)} for config ${key.key} (allowed: ${key.values.join(', ')})`);
    }
    this.config.push({ key: key.key, value: valueTok.text, line: keyword.line });
  }

  private addBoot(keyword: Token, rest: readonly Token[]): void {
    const r: Reporter = this.r;
    const args = parseArgs(keyword, rest, { positional: ['start', 'size'], options: ['node'], usage: BOOT_USAGE }, r);
    const [start, size] = args.positional as [Token, Token];
    const range = { start: parseNumber(start, 'address', r), size: parseNumber(size, 'size', r), nid: nodeOption(args, r) };
    this.boot.push({ range, keyword, start, size });
  }

  private addPmem(keyword: Token, rest: readonly Token[]): void {
    const r: Reporter = this.r;
    const args = parseArgs(keyword, rest, { positional: ['start', 'size'], options: ['mode', 'align'], usage: PMEM_USAGE }, r);
    const [start, size] = args.positional as [Token, Token];
    const modeOpt = args.options.get('mode');
    const mode = MODES.find((m) => m === modeOpt?.value);
    if (modeOpt !== undefined && mode === undefined) r.at(modeOpt.token, `bad mode ${quote(modeOpt.value)} for config pmem (allowed: ${MODES.join(', ')})`);
    const alignOpt = args.options.get('align');
    // any size is written: the kernel judges it (align_store()), so a bad one is a refusal to record
    const align = alignOpt === undefined ? undefined : parseNumber({ ...alignOpt.token, text: alignOpt.value, column: alignOpt.token.column + 'align='.length }, 'size', r);
    const range: PmemRange = {
      start: parseNumber(start, 'address', r),
      size: parseNumber(size, 'size', r),
      ...(mode === undefined || mode === 'raw' ? {} : { mode }),
      ...(align === undefined ? {} : { align }),
    };
    this.pmem.push({ range, keyword, start, size });
  }

  private addVirtioMem(keyword: Token, rest: readonly Token[]): void {
    const r: Reporter = this.r;
    if (this.virtioMem !== undefined) r.at(keyword, `config virtio_mem given twice (first on line ${this.virtioMem.keyword.line}): one device is modelled`);
    const args = parseArgs(keyword, rest, { positional: ['start', 'size'], options: ['block'], usage: VIRTIO_MEM_USAGE }, r);
    const [start, size] = args.positional as [Token, Token];
    const blockOpt = args.options.get('block');
    const block = blockOpt === undefined ? DEFAULT_DEVICE_BLOCK : parseNumber({ ...blockOpt.token, text: blockOpt.value, column: blockOpt.token.column + 'block='.length }, 'size', r);
    this.virtioMem = { device: { start: parseNumber(start, 'address', r), size: parseNumber(size, 'size', r), block }, keyword };
  }

  /** Checks what depends on the whole header and returns it. */
  finish(): HeaderResult {
    const r: Reporter = this.r;
    const params = this.geometry?.params ?? (GEOMETRY_PRESETS[DEFAULT_GEOMETRY] as GeometryParams);
    const g = deriveGeometry(params);
    for (const b of this.boot) {
      checkAligned(b.start, b.range.start, 'address', g.pageSize, r);
      checkAligned(b.size, b.range.size, 'size', g.pageSize, r);
    }
    const ranges = this.boot.map((b) => b.range);
    let problem: ReturnType<typeof bootProblem>;
    try {
      problem = bootProblem(g, ranges);
    } catch (e) {
      // bootProblem() visits every section a range touches; a huge range can exhaust a Map.
      // Only ScenarioErrors may leave the parser.
      const first = this.boot[0] as BootLine;
      return r.at(first.keyword, `cannot check the boot ranges: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (problem !== undefined) {
      const at = this.boot[problem.index];
      if (at !== undefined) r.at(at.keyword, problem.message);
    }
    for (const p of this.pmem) {
      checkAligned(p.start, p.range.start, 'address', g.pageSize, r);
      checkAligned(p.size, p.range.size, 'size', g.pageSize, r);
    }
    const pmem = this.pmem.map((p) => p.range);
    const pmemAt = pmemProblem(g, ranges, pmem);
    if (pmemAt !== undefined) {
      const at = this.pmem[pmemAt.index];
      if (at !== undefined) r.at(at.keyword, pmemAt.message);
    }
    for (const p of this.pmem) {
      const problem = namespaceModeProblem(g, p.range);
      if (problem !== undefined) r.at(p.keyword, problem);
    }
    if (this.virtioMem !== undefined) {
      const problem = virtioMemProblem(g, ranges, pmem, this.virtioMem.device);
      if (problem !== undefined) r.at(this.virtioMem.keyword, problem);
    }
    return {
      ...(this.profile === undefined ? {} : { profile: this.profile.name }),
      ...(this.virtioMem === undefined ? {} : { virtioMem: this.virtioMem.device }),
      ...(this.geometry === undefined ? {} : { geometry: this.geometry.params }),
      config: this.config,
      boot: ranges,
      pmem,
      pageSize: g.pageSize,
    };
  }
}

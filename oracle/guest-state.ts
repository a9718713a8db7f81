/**
 * What the oracle reads from the guest after a step: every memory block's
 * state and valid_zones, every zone of node 0 from /proc/zoneinfo, the
 * /proc/iomem lines of legacy PMEM and its namespaces, and the hotplug
 * parameters. One shell command reads it all (parsed here).
 */

export interface BlockState {
  readonly state: string;
  readonly validZones: string;
  readonly physIndex: number;
}

export interface ZoneState {
  /** Absent when /proc/zoneinfo prints none (a zone without present pages). */
  readonly startPfn?: number;
  readonly spanned: number;
  readonly present: number;
  readonly managed: number;
}

export interface GuestState {
  readonly blocks: Readonly<Record<string, BlockState>>;
  readonly zones: Readonly<Record<string, ZoneState>>;
  /**
   * /proc/iomem's "Persistent Memory (legacy)" ranges and the namespaceX.Y
   * ranges nd_pmem requests inside them while bound, as `<first>-<last> <name>`
   * (hex, inclusive, as iomem prints them). Absent in recordings made before
   * it was read.
   */
  readonly iomem?: readonly string[];
  /**
   * The virtio-mem device of a `config virtio_mem` run: its plugged size (QMP
   * qom-get size) and /proc/iomem's "System RAM (virtio_mem)" lines.
   */
  readonly virtioMem?: { readonly plugged: number; readonly ranges: readonly string[] };
}

const MEM = '/sys/devices/system/memory';

/**
 * Prints "B <id> <state> <phys_index> <valid_zones…>" per block, then the
 * lines of interest of /proc/zoneinfo and /proc/iomem. Under TCG every
 * process the guest starts costs milliseconds, so the block files are read
 * by the shell's own `read` (a valid_zones read that fails is read again by
 * cat, whose message is the answer) and one grep reads both /proc files:
 * three processes per state read whatever the number of blocks.
 */
export const READ_STATE_COMMAND =
  `cd ${MEM} && for d in memory[0-9]*; do read -r s < $d/state; read -r p < $d/phys_index; ` +
  `read -r v < $d/valid_zones 2>/dev/null || v=$(cat $d/valid_zones 2>&1); echo "B \${d#memory} $s $p $v"; done; ` +
  `grep -hE '^Node|^ +(spanned|present|managed) |start_pfn| : (Persistent Memory \\(legacy\\)|namespace[0-9]+\\.[0-9]+|dax[0-9]+\\.[0-9]+|System RAM \\(kmem\\))$' /proc/zoneinfo /proc/iomem; true`;

export function parseState(text: string): GuestState {
  const blocks: Record<string, BlockState> = {};
  const zones: Record<string, { startPfn?: number; spanned: number; present: number; managed: number }> = {};
  let zone: { startPfn?: number; spanned: number; present: number; managed: number } | undefined;
  const iomem: string[] = [];
  for (const line of text.split('\n')) {
    // an iomem line, as grep prints it (or with the "I " an older command put before it)
    const io = /^(?:I )?([0-9a-f]+)-([0-9a-f]+) : (.+)$/.exec(line.trim());
    if (io !== null) {
      iomem.push(`0x${BigInt(`0x${io[1]}`).toString(16)}-0x${BigInt(`0x${io[2]}`).toString(16)} ${io[3]}`);
      continue;
    }
    const b = /^B (\d+) (\S+) ([0-9a-f]+) ?(.*)$/.exec(line);
    if (b !== null) {
      blocks[b[1] as string] = { state: b[2] as string, physIndex: parseInt(b[3] as string, 16), validZones: (b[4] ?? '').trim().split(/\s+/).join(' ') };
      continue;
    }
    const n = /^Node (\d+), zone +(\S+)/.exec(line);
    if (n !== null) {
      zone = n[1] === '0' ? { spanned: 0, present: 0, managed: 0 } : undefined;
      if (zone !== undefined) zones[n[2] as string] = zone;
      continue;
    }
    if (zone === undefined) continue;
    const f = /^\s+(spanned|present|managed)\s+(\d+)/.exec(line);
    if (f !== null) zone[f[1] as 'spanned' | 'present' | 'managed'] = Number(f[2]);
    const s = /start_pfn:\s+(\d+)/.exec(line);
    if (s !== null) zone.startPfn = Number(s[1]);
  }
  return { blocks, zones, iomem };
}

/** `block <b>` as the scenario language prints it. */
export function blockText(b: BlockState | undefined): string {
  if (b === undefined) return '-ENOENT';
  return b.state === 'online' ? `online ${b.validZones}` : b.state;
}

/** `zone <name>` as the scenario language prints it; start_pfn "?" when zoneinfo does not show it. */
export function zoneText(z: ZoneState | undefined): string {
  if (z === undefined) return '-ENOENT';
  const start = z.startPfn ?? (z.spanned === 0 ? 0 : '?');
  return `start_pfn=${start} spanned=${z.spanned} present=${z.present} managed=${z.managed}`;
}

/**
 * Where two real kernels answered the same corpus step differently (from the
 * committed recordings, no QEMU): answers, and the state after memory
 * operations (block states and valid_zones, zone spans and present pages).
 * Declared nondeterministic answers (oracle/nondeterminism.ts) are marked.
 */
import { blockText } from './guest-state.ts';
import type { GuestState } from './guest-state.ts';
import type { KernelSeries } from './kernels.ts';
import type { KernelRecord } from './record.ts';

export interface KernelDiffEntry {
  readonly scenario: string;
  readonly line: number;
  readonly text: string;
  readonly what: string;
  readonly older: string;
  readonly newer: string;
}

export function stateLines(s: GuestState): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, b] of Object.entries(s.blocks)) out.set(`block ${id}`, `${blockText(b)}${b.state === 'offline' ? ` (${b.validZones})` : ''}`);
  for (const [name, z] of Object.entries(s.zones)) {
    if (name === 'Device') continue;
    // managed of the boot zones differs with each release's own reservations; of hot-added memory it shows memmap_on_memory
    const managed = name === 'Normal' || name === 'Movable' ? ` managed=${z.managed}` : '';
    out.set(`zone ${name}`, `spanned=${z.spanned} present=${z.present}${managed}`);
  }
  if (s.virtioMem !== undefined) out.set('virtio-mem', virtioMemLine(s.virtioMem.plugged, s.virtioMem.ranges));
  return out;
}

/** A virtio-mem device's plugged size and "System RAM (virtio_mem)" ranges, as kernel-diff and its prediction compare them. */
export function virtioMemLine(plugged: number, ranges: readonly string[]): string {
  return `plugged=0x${plugged.toString(16)} ${ranges.join(', ') || 'none'}`;
}

/** Answers that depend on the kernel's own allocations, not on its version. */
const NOISY = new Set(['-EBUSY']);

export function kernelDiff(older: readonly KernelRecord[], newer: readonly KernelRecord[]): KernelDiffEntry[] {
  const out: KernelDiffEntry[] = [];
  for (const a of older) {
    const b = newer.find((r) => r.scenario === a.scenario);
    if (b === undefined) continue;
    a.steps.forEach((sa, i) => {
      const sb = b.steps[i];
      if (sb === undefined) return;
      const at = { scenario: a.scenario, line: sa.line, text: sa.text };
      if (sa.answer !== sb.answer) {
        const noisy = NOISY.has(sa.answer) || NOISY.has(sb.answer) ? ' (may be nondeterministic)' : '';
        out.push({ ...at, what: `answer${noisy}`, older: sa.answer, newer: sb.answer });
      }
      if (sa.state !== undefined && sb.state !== undefined) {
        const la = stateLines(sa.state);
        const lb = stateLines(sb.state);
        for (const k of new Set([...la.keys(), ...lb.keys()])) {
          if (la.get(k) !== lb.get(k)) out.push({ ...at, what: k, older: la.get(k) ?? 'absent', newer: lb.get(k) ?? 'absent' });
        }
      }
    });
  }
  return out;
}

/** What the profiles say about the differences (oracle/kernel-diff-predict.ts). */
export interface DiffPrediction {
  readonly rules: readonly string[];
  readonly unseen: readonly { scenario: string; line: number; text: string; what: string; older: string; newer: string }[];
}

export function printKernelDiff(
  a: KernelSeries,
  b: KernelSeries,
  entries: readonly (KernelDiffEntry & { verdict?: string })[],
  prediction?: DiffPrediction,
  pa?: string,
  pb?: string,
): string {
  const lines = [`== Linux ${a} → ${b}: ${entries.length} differences`];
  if (prediction !== undefined) {
    lines.push(`  rules that change ${pa} → ${pb}:${prediction.rules.length === 0 ? ' none' : ''}`);
    for (const r of prediction.rules) lines.push(`    ${r}`);
    const by = new Map<string, number>();
    for (const e of entries) by.set(e.verdict ?? '?', (by.get(e.verdict ?? '?') ?? 0) + 1);
    lines.push(`  kernel differences by verdict: ${[...by].map(([v, n]) => `${v} ${n}`).join(', ') || 'none'}`);
  }
  for (const e of entries) {
    const verdict = e.verdict !== undefined ? `  [${e.verdict}]` : '';
    lines.push(`  ${e.scenario}:${e.line}  ${e.text}  ${e.what}: ${a} "${e.older}"  ${b} "${e.newer}"${verdict}`);
  }
  if (prediction !== undefined) {
    lines.push(`  predicted by ${pa} → ${pb} but not seen on the kernels: ${prediction.unseen.length}`);
    for (const u of prediction.unseen) lines.push(`    ${u.scenario}:${u.line}  ${u.text}  ${u.what}: ${pa} "${u.older}"  ${pb} "${u.newer}"`);
  }
  return lines.join('\n');
}

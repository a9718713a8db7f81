/**
 * The audit's judgement on hand-written kernel runs (no QEMU): two kernels
 * that differ on one step, judged predicted (the v6.1 → v6.12 profiles differ
 * there too), nondeterministic (an offline the kernel may refuse for its own
 * allocations) or new semantics (neither); a standing state difference is
 * reported once. And the same judgement over the committed 6.1 and 6.12
 * recordings of the corpus.
 */
import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../engine/machine.ts';
import type { Step } from '../../model/step.ts';
import { parseScenario } from '../../scenario/index.ts';
import { runAudit } from '../../oracle/audit/audit.ts';
import { changedRules, judgeRun } from '../../oracle/audit/classify.ts';
import { runDifferences } from '../../oracle/audit/differences.ts';
import { fileItems, itemSource, type AuditItem } from '../../oracle/audit/items.ts';
import { kernelCmdline } from '../../oracle/expressible.ts';
import type { GuestState, ZoneState } from '../../oracle/guest-state.ts';
import { loadRecordings } from '../../oracle/known.ts';
import type { KernelStepRecord, RecordLike } from '../../oracle/record.ts';

const PAIR = { base: resolveProfile('v6.1'), patched: resolveProfile('v6.12') };

/** The guest's boot state as the kernels show it: block 0 without a zone, 1–7 in DMA32. */
function bootState(extra: Record<string, { state: string; validZones: string }> = {}, zones: Record<string, ZoneState> = {}): GuestState {
  const blocks: Record<string, { state: string; validZones: string; physIndex: number }> = { '0': { state: 'online', validZones: 'none', physIndex: 0 } };
  for (let b = 1; b < 8; b++) blocks[String(b)] = { state: 'online', validZones: 'DMA32', physIndex: b };
  for (const [id, b] of Object.entries(extra)) blocks[id] = { ...b, physIndex: Number(id) };
  return {
    blocks,
    zones: {
      DMA: { spanned: 4095, present: 3998, managed: 3840, startPfn: 1 },
      DMA32: { spanned: 258016, present: 258016, managed: 225000, startPfn: 4096 },
      Normal: { spanned: 0, present: 0, managed: 0 },
      Movable: { spanned: 0, present: 0, managed: 0 },
      ...zones,
    },
  };
}

/** A run: the item's steps with these answers, a state after each memory operation from `states`. */
function run(item: AuditItem, answers: readonly string[], states: ReadonlyArray<GuestState | undefined>): RecordLike {
  const source = itemSource(item);
  const parsed = parseScenario(source, item.name);
  const steps: KernelStepRecord[] = parsed.steps.map((s, i) => ({
    line: s.line,
    text: source.split('\n')[s.line - 1] ?? '',
    answer: answers[i] ?? 'ok',
    ms: 1,
    ...(states[i] !== undefined ? { state: states[i] } : {}),
  }));
  return { scenario: item.name, source, initial: bootState(), steps };
}

const steps = (text: string): Step[] => parseScenario(text, 't').steps.map((s) => s.step);

describe('audit items', () => {
  it("a file's boot lines stay with it: the guest gets the hole as memmap=, the model the same RAM", () => {
    const [item] = fileItems(['oracle/corpus/offline-block-with-hole.scn']);
    expect(item?.config).toEqual(['boot 0x1000 632K', 'boot 0x100000 128M', 'boot 0x8180000 915840K']);
    const parsed = parseScenario(itemSource(item!), item!.name);
    expect(parsed.boot.map((b) => [b.start, b.size])).toEqual([[0x1000, 0x9e000], [0x100000, 0x8000000], [0x8180000, 0x37e60000]]);
    expect(kernelCmdline(parsed.config, parsed.boot)).toEqual(['memhp_default_state=offline', 'memmap=0x80000$0x8100000']);
  });
});

describe('audit judgement', () => {
  it('a multi-block DIMM hosting its memmap per block is predicted by modern.memmapOnMemory (v6.1 → v6.12)', () => {
    const item: AuditItem = { name: 'mm', origin: 'hand', config: ['config memmap_on_memory Y'], steps: steps('add_memory 0x100000000 256M\nstate 32 online_movable\n') };
    const added = bootState({ '32': { state: 'offline', validZones: 'Normal Movable' }, '33': { state: 'offline', validZones: 'Normal Movable' } });
    const online = (managed: number): GuestState =>
      bootState(
        { '32': { state: 'online', validZones: 'Movable' }, '33': { state: 'offline', validZones: 'Movable' } },
        { Movable: { startPfn: 1048576, spanned: 32768, present: 32768, managed } },
      );
    const a = run(item, ['ok', 'ok'], [added, online(32768)]);
    const b = run(item, ['ok', 'ok'], [added, online(32256)]);
    const diffs = runDifferences(item.name, item.steps, a, b);
    expect(diffs.map((d) => [d.step, d.what, d.kind])).toEqual([[2, 'zone Movable', 'state online_movable: zone Movable pages']]);
    const [j] = judgeRun(item.steps, a, b, diffs, PAIR);
    expect(j?.verdict).toBe('predicted');
    // the rule that alone moves the memmap onto each block, not every rule that changed
    expect(j?.rules.some((r) => r.startsWith('modern.memmapOnMemory:'))).toBe(true);
    expect(j?.rules.some((r) => r.startsWith('modern.hwpoisonOnline:'))).toBe(false);
    expect(j?.together).toBeUndefined();
  });

  it('an offline of a DMA32 block refused on one kernel only is nondeterministic, and so is what follows from it', () => {
    const item: AuditItem = { name: 'busy', origin: 'hand', config: [], steps: steps('state 3 offline\nvalid_zones 3\n') };
    const offline = bootState({ '3': { state: 'offline', validZones: 'DMA32 Movable' } });
    const a = run(item, ['-EBUSY', 'DMA32'], [bootState()]);
    const b = run(item, ['ok', 'DMA32 Movable'], [offline]);
    const judged = judgeRun(item.steps, a, b, runDifferences(item.name, item.steps, a, b), PAIR);
    expect(judged.map((d) => [d.step, d.what, d.verdict])).toEqual([
      [1, 'answer', 'nondeterministic'],
      [1, 'block 3', 'nondeterministic'],
      [2, 'answer', 'nondeterministic'],
    ]);
    expect(judged[0]?.latitude).toEqual({ id: 'offline-kernel-zone-busy', step: 1 });
  });

  it('a difference neither the profiles nor the nondeterminism declarations explain is new semantics', () => {
    const item: AuditItem = { name: 'vz', origin: 'hand', config: [], steps: steps('add_memory 0x100000000 128M\nvalid_zones 32\n') };
    const added = bootState({ '32': { state: 'offline', validZones: 'Normal Movable' } });
    const a = run(item, ['ok', 'Normal Movable'], [added]);
    const b = run(item, ['ok', 'Movable Normal'], [added]);
    const judged = judgeRun(item.steps, a, b, runDifferences(item.name, item.steps, a, b), PAIR);
    expect(judged.map((d) => [d.kind, d.verdict])).toEqual([['valid_zones: order', 'new semantics']]);
  });

  it('reports a state difference where it appears and again only when it changes', () => {
    const item: AuditItem = { name: 's', origin: 'hand', config: [], steps: steps('add_memory 0x100000000 128M\nstate 32 online\nstate 5 offline\nstate 32 offline\n') };
    const z = (present: number): Record<string, ZoneState> => ({ Normal: { startPfn: 1048576, spanned: 32768, present, managed: present } });
    const a = run(item, ['ok', 'ok', 'ok', 'ok'], [bootState({ '32': { state: 'offline', validZones: 'Normal' } }), bootState({ '32': { state: 'online', validZones: 'Normal' } }, z(32768)), bootState({ '32': { state: 'online', validZones: 'Normal' } }, z(32768)), bootState({ '32': { state: 'offline', validZones: 'Normal' } })]);
    const b = run(item, ['ok', 'ok', 'ok', 'ok'], [bootState({ '32': { state: 'offline', validZones: 'Normal' } }), bootState({ '32': { state: 'online', validZones: 'Normal' } }, z(32000)), bootState({ '32': { state: 'online', validZones: 'Normal' } }, z(32000)), bootState({ '32': { state: 'offline', validZones: 'Normal' } })]);
    expect(runDifferences(item.name, item.steps, a, b).map((d) => [d.step, d.what])).toEqual([[2, 'zone Normal']]);
  });

  it('names the rules that differ between the two profiles, with the patched rule\'s commit', () => {
    const texts = changedRules(PAIR).map((c) => c.text);
    expect(texts).toContain('modern.hwpoisonOnline: "allowed" → "ehwpoison" (5033091de814, v6.5)');
    expect(changedRules({ base: PAIR.base, patched: PAIR.base })).toEqual([]);
  });
});

describe('audit of the committed 6.1 and 6.12 recordings (no QEMU)', () => {
  const recs = loadRecordings();
  const judged = recs
    .filter((r) => r.series === '6.1')
    .flatMap((a) => {
      const b = recs.find((r) => r.series === '6.12' && r.scenario === a.scenario);
      if (b === undefined) return [];
      const st = parseScenario(a.source, a.scenario).steps.map((s) => s.step);
      return judgeRun(st, a, b, runDifferences(a.scenario, st, a, b), PAIR);
    });

  it('every difference 6.1 → 6.12 is predicted by the v6.1 → v6.12 rules or nondeterministic', () => {
    expect(judged.length).toBeGreaterThan(5);
    expect(judged.filter((d) => d.verdict === 'new semantics').map((d) => `${d.item}:${d.line} ${d.kind}`)).toEqual([]);
    expect(judged.some((d) => d.verdict === 'predicted' && d.item === 'memmap-on-memory')).toBe(true);
  });

  it('held to one profile for both kernels, the same differences are no longer predicted', () => {
    const same = { base: PAIR.base, patched: PAIR.base };
    const again = recs
      .filter((r) => r.series === '6.1' && r.scenario === 'memmap-on-memory')
      .flatMap((a) => {
        const b = recs.find((r) => r.series === '6.12' && r.scenario === a.scenario)!;
        const st = parseScenario(a.source, a.scenario).steps.map((s) => s.step);
        return judgeRun(st, a, b, runDifferences(a.scenario, st, a, b), same);
      });
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((d) => d.verdict === 'predicted')).toEqual([]);
    expect(again.some((d) => d.verdict === 'new semantics')).toBe(true);
  });
});

describe('runAudit with function kernels', () => {
  it('groups differences by kind and reports a clean pair as no difference', async () => {
    const item: AuditItem = { name: 'x', origin: 'hand', config: [], steps: steps('add_memory 0x100000000 128M\nvalid_zones 32\n') };
    const added = bootState({ '32': { state: 'offline', validZones: 'Normal Movable' } });
    const same = { run: async (it: AuditItem) => [run(it, ['ok', 'Normal Movable'], [added]), run(it, ['ok', 'Normal Movable'], [added])] as const };
    const r = await runAudit([item], same, { profiles: PAIR, shrinkBudget: 4 });
    expect(r.kinds).toEqual([]);
    expect(r.items[0]?.differences).toEqual([]);
  });
});

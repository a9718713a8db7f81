import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, printScenario, ScenarioError } from '../../scenario/index.ts';
import { withoutLines } from './arbitraries.ts';
import { brokenTextArb } from './mutations.ts';

const FILE = 'fuzz.scn';
const LINE_BREAKS = /[\n\r\u0085\u2028\u2029]/;
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Either a valid scenario (whose canonical text reads back the same) or a clean one-line ScenarioError. */
function check(text: string): void {
  let parsed;
  try {
    parsed = parseScenario(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    const err = e as ScenarioError;
    expect(err.message).not.toMatch(LINE_BREAKS);
    expect(err.message).not.toMatch(UNSAFE);
    expect(err.message.startsWith(`${FILE}:`)).toBe(true);
    if (err.line === undefined) {
      expect(err.message).toBe(`${FILE}: ${err.detail}`);
    } else {
      expect(err.message).toBe(`${FILE}:${err.line}:${err.column}: ${err.detail}`);
      const lines = text.split('\n');
      expect(err.line).toBeGreaterThanOrEqual(1);
      expect(err.line).toBeLessThanOrEqual(lines.length);
      const lineText = (lines[err.line - 1] ?? '').replace(/\r$/, '');
      expect(err.column).toBeGreaterThanOrEqual(1);
      expect(err.column).toBeLessThanOrEqual(Array.from(lineText).length + 1);
    }
    // Long tokens are cut: a message stays readable whatever the input.
    expect(err.message.length).toBeLessThan(600);
    return;
  }
  const printed = printScenario(parsed);
  expect(withoutLines(parseScenario(printed, FILE))).toEqual(withoutLines(parsed));
  expect(printScenario(parseScenario(printed, FILE))).toBe(printed);
}

describe('scenario parser robustness', () => {
  it('broken, noisy and binary texts either parse or throw a one-line ScenarioError', () => {
    fc.assert(
      fc.property(brokenTextArb, (text) => {
        check(text);
      }),
      { numRuns: 10_000 },
    );
  });

  it('non-string input and odd file names still give a ScenarioError with a one-line message', () => {
    expect(() => parseScenario(undefined as unknown as string, 'f')).toThrow(ScenarioError);
    try {
      parseScenario('bogus', 'evil\nname\u202e.scn');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).message).toBe(
        'evil\\u000aname\\u202e.scn:1:1: unknown step "bogus" (known: add_pages, remove_pages, fail, pfn_valid, valid_section, present_section, online_section, pfn_to_online_page, dump, ' +
          'add_memory, add_memory_driver_managed, remove_memory, memremap_pages, memunmap_pages, state, online, pin, unpin, eject_memory, poison, virtio_mem_resize, veto, valid_zones, block, zone, node)',
      );
    }
  });
});

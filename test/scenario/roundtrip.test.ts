import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, printScenario } from '../../scenario/index.ts';
import { scenarioArb } from './arbitraries.ts';

describe('scenario printer and parser round trip', () => {
  it('parse(print(s)) is s, line numbers included, and printing again gives the same text', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const text = printScenario(s);
        const back = parseScenario(text, 'rt.scn');
        expect(back).toStrictEqual(s);
        expect(printScenario(back)).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('trailing comments do not change what is parsed', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 12 }), (s, notes) => {
        const comments = new Map(notes.map((n, i) => [i, n] as const));
        const text = printScenario(s, { comments });
        expect(text.split('\n').length).toBe(printScenario(s).split('\n').length);
        expect(parseScenario(text, 'rt.scn')).toStrictEqual(s);
      }),
      { numRuns: 1_000 },
    );
  });
});

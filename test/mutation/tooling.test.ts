/**
 * The mutation tooling (mutation/): a Stryker JSON report becomes our
 * per-file results, and the score leaves out compile errors and the listed
 * equivalent survivors. Values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { hasRuntimeCode } from '../../mutation/type-only.ts';
import { fileResults } from '../../mutation/from-stryker.ts';
import { mutantKey } from '../../mutation/results-format.ts';
import { addTallies, scoreOf, tallyFile } from '../../mutation/tally.ts';

const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 1 } });

const report = {
  schemaVersion: '2',
  files: {
    'model/optimized/x.ts': {
      language: 'typescript',
      source: '',
      mutants: [
        { id: '2', mutatorName: 'EqualityOperator', replacement: 'a <= b', location: at(3, 7), status: 'Survived', testsCompleted: 9 },
        { id: '1', mutatorName: 'BooleanLiteral', replacement: 'false', location: at(1, 1), status: 'Killed', killedBy: ['t1'], testsCompleted: 2 },
        { id: '3', mutatorName: 'StringLiteral', replacement: '""', location: at(5, 2), status: 'CompileError' },
        { id: '4', mutatorName: 'BlockStatement', replacement: '{}', location: at(7, 0), status: 'Timeout' },
        { id: '5', mutatorName: 'ConditionalExpression', replacement: 'true', location: at(9, 4), status: 'NoCoverage' },
      ],
    },
  },
  testFiles: { 'test/a.test.ts': { tests: [{ id: 't1', name: 'suite › case' }] } },
};

describe('mutation tooling', () => {
  const [r] = fileResults(report, () => 'abc', '2026-12-05');

  it('keeps each mutant by position, names its killer, sorts by line', () => {
    expect(r!.file).toBe('model/optimized/x.ts');
    expect(r!.sha256).toBe('abc');
    expect(r!.mutants.map((m) => [m.line, m.status])).toEqual([
      [1, 'Killed'],
      [3, 'Survived'],
      [5, 'CompileError'],
      [7, 'Timeout'],
      [9, 'NoCoverage'],
    ]);
    expect(r!.mutants[0]!.killedBy).toBe('test/a.test.ts › suite › case');
    expect(mutantKey(r!.file, r!.mutants[1]!)).toBe('model/optimized/x.ts:3:7-3:8 EqualityOperator a <= b');
  });

  it('scores killed and timed out over what runs, without the equivalent ones', () => {
    const none = tallyFile(r!, new Set());
    expect(none).toEqual({ mutants: 5, killed: 2, survived: 1, noCoverage: 1, equivalent: 0, errors: 1 });
    expect(scoreOf(none)).toBe(50); // 2 of 4
    const eq = tallyFile(r!, new Set(['model/optimized/x.ts:3:7-3:8 EqualityOperator a <= b']));
    expect(scoreOf(eq)).toBeCloseTo(200 / 3, 10); // 2 of 3
    expect(addTallies([none, eq]).killed).toBe(4);
    expect(scoreOf({ mutants: 1, killed: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 1 })).toBeUndefined();
  });

  it('refuses something that is not a Stryker report', () => {
    expect(() => fileResults({ nope: 1 }, () => '', '')).toThrow(/not a Stryker JSON report/);
  });
});

describe('type-only sources (no mutants, so Stryker is not run on them)', () => {
  it.each([
    ["import type { A } from './a.ts';\nexport interface X { a: A }\nexport type Y = X;\n", false],
    ["import { a } from './a.ts';\n// a comment\nexport type Y = typeof a;\n", false],
    ['export const x = 1;\n', true],
    ['export enum E { A }\n', true],
    ['export function f(): void {}\n', true],
  ])('%j has code: %s', (src, expected) => expect(hasRuntimeCode(src)).toBe(expected));
});

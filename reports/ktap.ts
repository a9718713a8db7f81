/**
 * KTAP version 1 (Documentation/dev-tools/ktap.rst), the format kselftest
 * and KUnit print: a version line, a plan, one result line per test point
 * (`ok N name`, `not ok N name`, `# SKIP reason`), diagnostic lines `# …`
 * before the result they explain, and subtests as complete KTAP documents
 * indented two spaces before their parent's result line. Every command's
 * `--format ktap` goes through here.
 */
export interface KtapTest {
  readonly name: string;
  readonly ok: boolean;
  /** Why it was skipped (the result line gets the SKIP directive). */
  readonly skip?: string;
  /** Diagnostic lines, without the leading "# ". */
  readonly diagnostics?: readonly string[];
  readonly subtests?: readonly KtapTest[];
}

/** A description cannot hold "#" (it would start a directive), nor a line break. */
function description(text: string): string {
  return text.replace(/#/g, 'no.').replace(/[\r\n]+/g, ' ').trim() || 'unnamed';
}

const diagnostic = (text: string): string[] => text.split('\n').map((l) => `# ${l}`.trimEnd());

function lines(tests: readonly KtapTest[], indent: string): string[] {
  const out = [`${indent}KTAP version 1`, `${indent}1..${tests.length}`];
  tests.forEach((t, i) => {
    if (t.subtests !== undefined) out.push(...lines(t.subtests, `${indent}  `));
    for (const d of t.diagnostics ?? []) out.push(...diagnostic(d).map((l) => `${indent}${l}`));
    const skip = t.skip !== undefined ? ` # SKIP ${t.skip.replace(/[\r\n]+/g, ' ')}`.trimEnd() : '';
    out.push(`${indent}${t.ok ? 'ok' : 'not ok'} ${i + 1} ${description(t.name)}${skip}`);
  });
  return out;
}

/**
 * The KTAP document for these test points (a parent fails when one of its
 * subtests does: the caller says so in `ok`). `totals` are diagnostics about
 * the whole run, printed after the last result as kselftest prints its totals
 * (a diagnostic before a result line would read as that test's).
 */
export function formatKtap(tests: readonly KtapTest[], totals: readonly string[] = []): string {
  return `${[...lines(tests, ''), ...totals.flatMap(diagnostic)].join('\n')}\n`;
}

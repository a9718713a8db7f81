/**
 * Several steps in one round trip to the guest. The host sends one shell
 * command that runs each step's fragment in its own subshell and prints,
 * between markers, the fragment's output, its exit status, the guest clock
 * before and after it (/proc/uptime, centiseconds, read by a shell builtin
 * so no process is started for it) and, when asked, the output of a state
 * read right after it. The host reads the answers back step by step, as
 * one-step commands would have given them; what a guest that stopped
 * mid-batch printed for the steps it finished is kept.
 */

export interface BatchPart {
  /** The step's shell fragment (run in a subshell, stderr into stdout). */
  readonly script: string;
  /** A command whose output is the state after the step, or undefined for none. */
  readonly observe?: string;
}

export interface BatchAnswer {
  readonly output: string;
  readonly status: number;
  /** Guest time the fragment took (10 ms resolution). */
  readonly ms: number;
  /** The observe command's output, when there was one. */
  readonly observed?: string;
}

export function batchCommand(parts: readonly BatchPart[]): string {
  return parts
    .map(
      (p, k) =>
        `read t0 _ < /proc/uptime; echo "@@STEP ${k}@@"; ( ${p.script} ) 2>&1; st=$?; read t1 _ < /proc/uptime; echo "@@DONE ${k} $st $t0 $t1@@"; ` +
        (p.observe !== undefined ? `echo "@@STATE ${k}@@"; ( ${p.observe} ) 2>&1; ` : '') +
        `echo "@@END ${k}@@"`,
    )
    .join('\n');
}

/**
 * The answers of the first `count` steps in the guest's output, in order,
 * up to the first step whose end marker is missing (a guest that died or
 * stopped answering): `finished` is how many there are.
 */
export function readBatch(output: string, count: number): { readonly answers: readonly BatchAnswer[]; readonly finished: number } {
  const answers: BatchAnswer[] = [];
  let text = output;
  for (let k = 0; k < count; k++) {
    const m = new RegExp(`@@STEP ${k}@@\\n([\\s\\S]*?)@@DONE ${k} (\\d+) ([\\d.]+) ([\\d.]+)@@\\n(?:@@STATE ${k}@@\\n([\\s\\S]*?))?@@END ${k}@@\\n`).exec(text);
    if (m === null) break;
    text = text.slice(m.index + m[0].length);
    answers.push({
      output: m[1] as string,
      status: Number(m[2]),
      ms: Math.round((Number(m[4]) - Number(m[3])) * 1000),
      ...(m[5] !== undefined ? { observed: m[5] } : {}),
    });
  }
  return { answers, finished: answers.length };
}

/**
 * The command side of cli/supervise.ts. A long command runs in a worker
 * thread so that its main thread stays free to take SIGINT/SIGTERM; these
 * calls tell that main thread what a stop would leave behind, where temporary
 * files may be, and when a stop must wait (a report or failure being renamed
 * into place). Outside a supervised worker (tests, `memhp kernel …`) they do
 * nothing but run the work.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/** workerData.memhpSupervisor: [0] writers inside uninterruptible(), [1] 1 once a stop was asked for. */
export interface SupervisorLink {
  readonly state: Int32Array;
}

export type SupervisorMessage =
  | { readonly memhp: 'note'; readonly text: string }
  | { readonly memhp: 'temp-dir'; readonly dir: string }
  /** What the command writes to its stdout or stderr (cli/supervise.ts). */
  | { readonly memhp: 'write'; readonly stream: 'stdout' | 'stderr'; readonly data: string | Uint8Array };

function link(): SupervisorLink | undefined {
  if (isMainThread || parentPort === null) return undefined;
  const data = workerData as { memhpSupervisor?: SupervisorLink } | undefined;
  return data?.memhpSupervisor;
}

const supervisor = link();

function post(m: SupervisorMessage): void {
  parentPort?.postMessage(m);
}

/** What a stop now would leave behind, e.g. "after 3 of 54 items; no report written". */
export function stopNote(text: string): void {
  if (supervisor !== undefined) post({ memhp: 'note', text });
}

const announced = new Set<string>();

/** A directory this process writes temporary files into: a stop removes this process's ones. */
export function tempDirInUse(dir: string): void {
  if (supervisor === undefined || announced.has(dir)) return;
  announced.add(dir);
  post({ memhp: 'temp-dir', dir });
}

/**
 * Runs fn with stops held off until it returns, so that a set of files is
 * renamed into place whole. Once a stop was asked for, no new section starts:
 * the thread waits to be terminated instead.
 */
export function uninterruptible<T>(fn: () => T): T {
  // nested sections are one: the outer one already holds the stop off
  if (supervisor === undefined || depth > 0) return fn();
  const { state } = supervisor;
  Atomics.add(state, 0, 1);
  if (Atomics.load(state, 1) === 1) {
    Atomics.sub(state, 0, 1);
    for (;;) Atomics.wait(state, 1, 1, 1000);
  }
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    Atomics.sub(state, 0, 1);
  }
}

let depth = 0;

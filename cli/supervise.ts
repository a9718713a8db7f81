/**
 * Clean ends for the long commands (run, diff, regressions, replay). Their
 * work is synchronous, and Node runs a signal handler only when the thread
 * that owns it returns to its event loop; so the command runs in a worker
 * thread and this, the main thread, stays idle to take SIGINT, SIGTERM and
 * SIGHUP. On a signal it waits for a report or failure being renamed into
 * place (base/interruption.ts), terminates the worker (and with it the
 * worker threads of `run`), removes this process's temporary files, prints
 * one line saying what was stopped and what is on disk, and exits 128 + the
 * signal number, as a shell reports a process killed by it.
 *
 * `memhp kernel …` is not run this way: oracle/cleanup.ts handles its signals.
 */
import { Worker, isMainThread } from 'node:worker_threads';
import { constants } from 'node:os';
import { removeOwnTemps } from '../base/temp-name.ts';
import type { SupervisorLink, SupervisorMessage } from '../base/interruption.ts';

export const SUPERVISED_COMMANDS: ReadonlySet<string> = new Set(['run', 'diff', 'regressions', 'replay']);

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Whether argv names a command that runs under a supervisor, and this is the thread to be it. */
export function supervises(argv: readonly string[]): boolean {
  return isMainThread && argv[0] !== undefined && SUPERVISED_COMMANDS.has(argv[0]);
}

/** How long a stop waits for files being renamed into place before it terminates anyway. */
const RENAME_WAIT_MS = 10_000;

/** Runs `entry` (cli/main.ts) with argv in a worker thread; sets process.exitCode from it. */
export function supervise(argv: readonly string[], entry: URL): void {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const link: SupervisorLink = { state };
  const tty = (s: NodeJS.WriteStream): { isTTY: boolean; columns?: number } => (s.isTTY ? { isTTY: true, columns: s.columns } : { isTTY: false });
  const tsx = import.meta.resolve('tsx/esm/api');
  // A worker's own stdout waits for its event loop, which a synchronous command never returns to: its writes
  // come here as messages instead, at once and in order. It is told whether ours are terminals (colour, live progress line).
  const boot = [
    "const { parentPort, workerData } = require('node:worker_threads');",
    'for (const [name, t] of Object.entries(workerData.tty)) {',
    '  if (t.isTTY) Object.assign(process[name], t);',
    '  process[name].write = (data, enc, cb) => {',
    "    parentPort.postMessage({ memhp: 'write', stream: name, data: typeof data === 'string' ? data : Uint8Array.from(data) });",
    "    const done = typeof enc === 'function' ? enc : cb;",
    "    if (typeof done === 'function') queueMicrotask(done);",
    '    return true;',
    '  };',
    '}',
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`,
    ".catch((e) => { process.stderr.write(`memhp: internal error: cannot start the command thread: ${String(e).split('\\n')[0]}\\n`); process.exitCode = 3; });",
  ].join('\n');
  const worker = new Worker(boot, {
    eval: true,
    argv: [...argv],
    workerData: { memhpSupervisor: link, tty: { stdout: tty(process.stdout), stderr: tty(process.stderr) } },
  });
  let note = '';
  const tempDirs = new Set<string>();
  let stopping = false;

  worker.on('message', (m: SupervisorMessage) => {
    if (m.memhp === 'write') (m.stream === 'stdout' ? process.stdout : process.stderr).write(m.data);
    else if (m.memhp === 'note') note = m.text;
    else if (m.memhp === 'temp-dir') tempDirs.add(m.dir);
  });
  worker.on('error', (e) => {
    process.stderr.write(`memhp: internal error: ${e.message.split('\n')[0]}\n`);
    process.exitCode = 3;
  });
  const handlers = SIGNALS.map((sig) => [sig, () => void stop(sig)] as const);
  worker.on('exit', (code) => {
    if (stopping) return;
    for (const [sig, h] of handlers) process.off(sig, h);
    process.exitCode ??= code;
  });
  for (const [sig, h] of handlers) process.on(sig, h);
  // A reader that stops early (`memhp run | head`): end quietly, as cli/main.ts does for the commands it runs itself.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      for (const dir of tempDirs) removeOwnTemps(dir);
      process.exit(process.exitCode ?? 0);
    });
  }

  async function stop(sig: (typeof SIGNALS)[number]): Promise<void> {
    // A second signal while stopping changes nothing: the stop is already under way and short.
    if (stopping) return;
    stopping = true;
    Atomics.store(state, 1, 1);
    const deadline = Date.now() + RENAME_WAIT_MS;
    while (Atomics.load(state, 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await worker.terminate();
    for (const dir of tempDirs) removeOwnTemps(dir);
    process.stderr.write(`memhp: stopped by ${sig}${note !== '' ? ` ${note}` : ''}\n`);
    process.exit(128 + constants.signals[sig]);
  }
}

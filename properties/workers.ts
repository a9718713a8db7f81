/**
 * `memhp run --workers N`: the properties of a run spread over worker
 * threads. Each property's seed comes from the master seed and its name
 * (properties/seeds.ts), and results are handed back in run order, so the
 * output is the same whatever N is.
 *
 * The caller stays synchronous: it blocks on a shared counter the workers
 * bump after each posted result (Atomics.wait) and takes the results with
 * receiveMessageOnPort, so `memhp run` keeps one code path.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PropertyResult } from './run-property.ts';

/** A property run by names and numbers only: what crosses to a worker. */
export interface WorkRequest {
  readonly profile: string;
  readonly property: string;
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly bugs: readonly string[];
  readonly path?: string;
  readonly replayPath?: string;
  readonly swarm?: boolean;
  readonly stateAware?: boolean;
}

export type WorkerMessage = { readonly k: number; readonly result: PropertyResult } | { readonly k: number; readonly error: string };

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Starts a worker on worker-main.ts through tsx, whatever started this process. */
function startWorker(port: MessagePort, signal: Int32Array): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker-main.ts', import.meta.url).href;
  // a worker that cannot start says so instead of leaving the caller waiting
  const fail =
    "(e) => { const { port, signal } = require('node:worker_threads').workerData; port.postMessage({ k: -1, error: String(e) }); Atomics.add(signal, 0, 1); Atomics.notify(signal, 0); }";
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch(${fail})`;
  return new Worker(boot, { eval: true, workerData: { port, signal }, transferList: [port] });
}

/**
 * Runs every request (inline when one worker is asked for) and returns the
 * results in request order; `onResult` sees each result in that order as
 * soon as it and all before it are done.
 */
export function runWork(
  requests: readonly WorkRequest[],
  workers: number,
  run: (r: WorkRequest) => PropertyResult,
  onResult: (r: PropertyResult, k: number) => void,
): PropertyResult[] {
  const results: PropertyResult[] = [];
  if (workers <= 1 || requests.length <= 1) {
    requests.forEach((req, k) => {
      results.push(run(req));
      onResult(results[k]!, k);
    });
    return results;
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pool = Array.from({ length: Math.min(workers, requests.length) }, () => {
    const { port1, port2 } = new MessageChannel();
    return { port: port1, worker: startWorker(port2, signal) };
  });
  const done = new Map<number, PropertyResult>();
  let next = 0;
  let reported = 0;
  const assign = (port: MessagePort): void => {
    if (next < requests.length) {
      port.postMessage({ k: next, request: requests[next] });
      next++;
    }
  };
  try {
    for (const w of pool) assign(w.port);
    while (reported < requests.length) {
      const seen = Atomics.load(signal, 0);
      let got = false;
      for (const w of pool) {
        const m = receiveMessageOnPort(w.port)?.message as WorkerMessage | undefined;
        if (m === undefined) continue;
        got = true;
        if ('error' in m) throw new Error(`worker: ${m.error}`);
        done.set(m.k, m.result);
        assign(w.port);
      }
      while (done.has(reported)) {
        const r = done.get(reported)!;
        done.delete(reported);
        results.push(r);
        onResult(r, reported);
        reported++;
      }
      if (!got) Atomics.wait(signal, 0, seen, 200);
    }
  } finally {
    for (const w of pool) {
      w.port.postMessage('exit');
      w.port.close();
      void w.worker.terminate();
    }
  }
  return results;
}

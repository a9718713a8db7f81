/**
 * A `memhp run` worker thread: receives property requests by name, runs each
 * with runProperty, and posts the result back (properties/workers.ts). Resolving
 * names here rather than sending definitions keeps functions out of messages.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { profileNamed } from '../engine/machine.ts';
import type { BugName } from '../model/bugs.ts';
import { findProperty } from './catalogue.ts';
import { runProperty } from './run-property.ts';
import type { WorkRequest, WorkerMessage } from './workers.ts';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

function post(message: WorkerMessage): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', (data: { k: number; request: WorkRequest } | 'exit') => {
  if (data === 'exit') {
    port.close();
    return;
  }
  try {
    const { request } = data;
    const property = findProperty(request.property);
    if (property === undefined) throw new Error(`unknown property ${request.property}`);
    const result = runProperty({
      profile: profileNamed(request.profile),
      property,
      seed: request.seed,
      numRuns: request.numRuns,
      maxSteps: request.maxSteps,
      bugs: new Set(request.bugs as BugName[]),
      ...(request.path !== undefined ? { path: request.path } : {}),
      ...(request.replayPath !== undefined ? { replayPath: request.replayPath } : {}),
      ...(request.swarm === true ? { swarm: true } : {}),
      ...(request.stateAware === true ? { stateAware: true } : {}),
    });
    post({ k: data.k, result });
  } catch (e) {
    post({ k: data.k, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage('ready');

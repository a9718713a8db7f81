/**
 * The host's resize against a simulated driver (no QEMU): each config change
 * QEMU notifies is one run of the driver, which reads the request (one
 * "requested size" log line) and moves the plugged size toward it, unless a
 * sub-block is busy for that run. The resize must wait for the read, settle
 * on what the driver reaches, and send the request again when a run stopped
 * short (the driver's own retry would come 50 s later).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resize, type ResizePort } from '../../oracle/virtio-mem-guest.ts';

const M = 0x100000;

/** A driver whose runs fail (change nothing) as often as `busyRuns` says, then do all that `reachable` allows. */
function driver(o: { plugged: number; busyRuns: number; reachable?: (requested: number) => number }) {
  let plugged = o.plugged;
  let reads = 0;
  let busy = o.busyRuns;
  let requests = 0;
  const port: ResizePort = {
    execute: async (command, args) => {
      if (command === 'qom-get') return plugged;
      if (command !== 'qom-set') throw new Error(command);
      requests++;
      const requested = Number(args?.value);
      // the run starts a little later; it reads the request first
      setTimeout(() => {
        reads++;
        if (busy > 0) {
          busy--;
          return;
        }
        setTimeout(() => {
          plugged = o.reachable === undefined ? requested : o.reachable(requested);
        }, 1_000);
      }, 300);
      return {};
    },
    seen: async () => `${reads}`,
  };
  return { port, requests: () => requests, plugged: () => plugged };
}

async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  p.then(
    (v) => {
      done = true;
      value = v;
    },
    (e: unknown) => {
      done = true;
      error = e;
    },
  );
  for (let i = 0; i < 2_000 && !done; i++) await vi.advanceTimersByTimeAsync(250);
  if (error !== undefined) throw error;
  return value as T;
}

describe('virtio-mem resize on the host', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a resize the driver does at once: one request, the requested size', async () => {
    const d = driver({ plugged: 6 * M, busyRuns: 0 });
    expect(await settle(resize(d.port, 0))).toBe(0);
    expect(d.requests()).toBe(1);
  });

  it('a run that finds a sub-block busy: the request is sent again and the driver gets there', async () => {
    const d = driver({ plugged: 2 * M, busyRuns: 1 });
    expect(await settle(resize(d.port, 0))).toBe(0);
    expect(d.requests()).toBe(2);
    expect(d.plugged()).toBe(0);
  });

  it('a size the driver cannot reach: one request more, then the size it stays at', async () => {
    // 4 MiB sub-blocks: 2 MiB cannot be plugged
    const d = driver({ plugged: 0, busyRuns: 0, reachable: (r) => Math.floor(r / (4 * M)) * 4 * M });
    expect(await settle(resize(d.port, 2 * M))).toBe(0);
    expect(d.requests()).toBe(2);
  });

  it('busy at every run: one request more, and the size a whole run did not move', async () => {
    const d = driver({ plugged: 2 * M, busyRuns: 100 });
    expect(await settle(resize(d.port, 0))).toBe(2 * M);
    expect(d.requests()).toBe(2);
  });

  it('a driver that never reads the request: one clear error', async () => {
    const port: ResizePort = { execute: async (c) => (c === 'qom-get' ? 0 : {}), seen: async () => '7' };
    await expect(settle(resize(port, 2 * M))).rejects.toThrow(/did not read the requested size 0x200000 within 90 s/);
  });
});

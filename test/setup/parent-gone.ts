/**
 * Setup file of every tier (vitest `setupFiles`, run in each test worker): a
 * worker whose vitest main process is gone — vitest ended by SIGTERM, SIGINT
 * or SIGKILL before it stopped its workers — exits at once, so that the exit
 * handlers of what its tests started run (oracle/cleanup.ts: QEMU guests and
 * their folders) instead of the worker going on, orphaned, with its guests.
 * Workers are forked with an IPC channel to the main process, which closes
 * when that process ends.
 */
if (process.connected) process.once('disconnect', () => process.exit(143));

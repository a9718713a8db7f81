/**
 * `npx tsx bench/long-scenario.ts N > long.scn`: a valid scenario of N steps
 * for measuring long replays (docs/performance.md, "Long replays"): eight
 * 256 MiB DIMM slots on v6.1, each in turn hot-added, onlined (Normal or
 * Movable), offlined and removed, in an order fixed by N alone. Some steps
 * are refused (a block already offline); both implementations agree on all.
 */
const n = Number(process.argv[2] ?? '10000');
if (!Number.isInteger(n) || n < 1 || n > 10_000_000) {
  process.stderr.write('memhp bench: give the number of steps, 1..10000000\n');
  process.exit(2);
}
const lines = ['# a long replay: hot-add, online, offline, remove cycles over eight DIMM slots (bench/long-scenario.ts)', 'profile v6.1', 'boot 0x100000 0x3fee0000'];
const added = new Set<number>();
const online = new Set<number>();
// A fixed walk over the slots (multiplier coprime to 8) so every slot cycles through every state.
for (let k = 0; lines.length - 3 < n; k++) {
  const slot = (k * 5 + (k >> 3)) % 8;
  const base = 0x1_0000_0000 + slot * 0x1000_0000;
  const block = base / 0x800_0000;
  if (!added.has(slot)) {
    lines.push(`add_memory 0x${base.toString(16)} 256M`);
    added.add(slot);
  } else if (!online.has(slot) && k % 3 !== 2) {
    lines.push(`state ${block} ${k % 2 === 0 ? 'online_movable' : 'online'}`);
    online.add(slot);
  } else if (online.has(slot)) {
    lines.push(`state ${block} offline`);
    online.delete(slot);
  } else {
    lines.push(`remove_memory 0x${base.toString(16)} 256M`);
    added.delete(slot);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);

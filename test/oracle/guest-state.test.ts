/** Parsing what the guest prints: sysfs blocks, /proc/zoneinfo, and write errors. */
import { describe, expect, it } from 'vitest';
import { errnoOfMessage } from '../../oracle/errno-text.ts';
import { blockText, parseState, zoneText } from '../../oracle/guest-state.ts';

// As Linux 6.1 printed it in QEMU (1 GiB, one DIMM at 4 GiB, block 32 online Movable).
const SAMPLE = `B 0 online 00000000 none
B 1 online 00000001 DMA32
B 32 online 00000020 Movable
B 33 offline 00000021 Normal Movable
Node 0, zone      DMA
        spanned  4095
        present  3998
        managed  3840
  start_pfn:           1
Node 0, zone   Normal
        spanned  0
        present  0
        managed  0
Node 0, zone  Movable
        spanned  32768
        present  32768
        managed  32768
  start_pfn:           1048576
`;

describe('guest state', () => {
  const s = parseState(SAMPLE);
  it('reads each block with its state, phys_index and valid_zones', () => {
    expect(s.blocks['33']).toEqual({ state: 'offline', physIndex: 33, validZones: 'Normal Movable' });
    expect(blockText(s.blocks['32'])).toBe('online Movable');
    expect(blockText(s.blocks['0'])).toBe('online none');
    expect(blockText(undefined)).toBe('-ENOENT');
  });
  it('reads zoneinfo; an empty zone has no start_pfn line and shows 0', () => {
    expect(zoneText(s.zones.DMA)).toBe('start_pfn=1 spanned=4095 present=3998 managed=3840');
    expect(zoneText(s.zones.Normal)).toBe('start_pfn=0 spanned=0 present=0 managed=0');
    expect(zoneText(s.zones.Movable)).toBe('start_pfn=1048576 spanned=32768 present=32768 managed=32768');
  });
  it('maps the shell\'s failure text to the errno', () => {
    expect(errnoOfMessage('sh: write error: Invalid argument')).toBe('-EINVAL');
    expect(errnoOfMessage('sh: write error: Device or resource busy')).toBe('-EBUSY');
    expect(errnoOfMessage("sh: can't create /sys/devices/system/memory/memory99/state: nonexistent directory")).toBe('-ENOENT');
    expect(errnoOfMessage('something else')).toBeUndefined();
  });
});

/** The oracle's virtio-mem pieces that need no QEMU: arguments, the command line, the iomem parse, what is refused. */
import { describe, expect, it } from 'vitest';
import { inexpressible, kernelCmdline } from '../../oracle/expressible.ts';
import { parseVirtioRanges, virtioMemArgs } from '../../oracle/virtio-mem-guest.ts';
import { parseScenario } from '../../scenario/index.ts';

describe('virtio-mem on the guest', () => {
  it('QEMU gets a RAM backend and a virtio-mem-pci device at the scenario address, nothing plugged', () => {
    expect(virtioMemArgs({ start: 0x100000000, size: 0x80000000, block: 0x200000 })).toEqual([
      '-object',
      'memory-backend-ram,id=vmem0,size=2147483648',
      '-device',
      'virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=0,memaddr=4294967296,block-size=2097152',
    ]);
  });

  it('reads the "System RAM (virtio_mem)" lines and nothing else', () => {
    const text = 'V 100000000-10fffffff : System RAM (virtio_mem)\nV 118000000-11fffffff : System RAM (virtio_mem)\nI 0-fff : Reserved\nB 32 online 20 Movable\n';
    expect(parseVirtioRanges(text)).toEqual(['0x100000000-0x10fffffff', '0x118000000-0x11fffffff']);
  });

  it('passes auto_movable_ratio to the kernel', () => {
    const s = parseScenario('config online_policy auto-movable\nconfig auto_movable_ratio 100\ndump\n');
    expect(kernelCmdline(s.config)).toEqual(['memhp_default_state=offline', 'memory_hotplug.online_policy=auto-movable', 'memory_hotplug.auto_movable_ratio=100']);
  });

  it('runs a resize on the guest, and refuses a device below 4 GiB', () => {
    expect(inexpressible(parseScenario('config virtio_mem 0x100000000 1G\nvirtio_mem_resize 2M\n'))).toEqual([]);
    expect(inexpressible(parseScenario('config virtio_mem 0x80000000 1G\nvirtio_mem_resize 2M\n'))).toEqual([
      'config virtio_mem: the guest has RAM and the PCI hole below 4 GiB; put the device at 0x100000000 or above',
    ]);
  });
});

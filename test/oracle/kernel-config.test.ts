/** A kernel's options against what the oracle needs, and kernel-build's check that olddefconfig kept every requested option. */
import { describe, expect, it } from 'vitest';
import { droppedOptions, requestedOptions } from '../../oracle/build/kconfig.ts';
import { layoutNotes, missingOptions, parseKernelConfig } from '../../oracle/kernel-config.ts';

const GOOD = [
  'CONFIG_MEMORY_HOTPLUG=y',
  'CONFIG_MEMORY_HOTREMOVE=y',
  'CONFIG_ACPI_HOTPLUG_MEMORY=y',
  'CONFIG_SPARSEMEM_VMEMMAP=y',
  'CONFIG_ZONE_DMA=y',
  'CONFIG_ZONE_DMA32=y',
  'CONFIG_HUGETLBFS=y',
  'CONFIG_MHP_MEMMAP_ON_MEMORY=y',
  'CONFIG_LOCALVERSION="-x"',
].join('\n');

describe('parseKernelConfig', () => {
  it('reads set, module, string and unset options', () => {
    const c = parseKernelConfig('CONFIG_A=y\nCONFIG_B=m\nCONFIG_C="x y"\n# CONFIG_D is not set\n# a comment\nCONFIG_E=0x10\n');
    expect([...c]).toEqual([
      ['A', 'y'],
      ['B', 'm'],
      ['C', '"x y"'],
      ['D', 'n'],
      ['E', '0x10'],
    ]);
  });
});

describe('missingOptions', () => {
  it('is empty for a kernel with everything built in', () => {
    expect(missingOptions(parseKernelConfig(GOOD))).toEqual([]);
  });

  it('names each missing option and why it is needed; a module does not count', () => {
    const cfg = parseKernelConfig(GOOD.replace('CONFIG_MEMORY_HOTREMOVE=y', '# CONFIG_MEMORY_HOTREMOVE is not set').replace('CONFIG_ACPI_HOTPLUG_MEMORY=y', 'CONFIG_ACPI_HOTPLUG_MEMORY=m'));
    expect(missingOptions(cfg)).toEqual([
      'CONFIG_MEMORY_HOTREMOVE (not set: offline and eject)',
      'CONFIG_ACPI_HOTPLUG_MEMORY (a module; build it in: the ACPI memory devices a pc-dimm appears as)',
    ]);
  });

  it('treats an option absent from the file as not set', () => {
    expect(missingOptions(parseKernelConfig('CONFIG_ACPI_HOTPLUG_MEMORY=y\nCONFIG_SPARSEMEM_VMEMMAP=y\n'))).toEqual([
      'CONFIG_MEMORY_HOTPLUG (not set: memory hotplug)',
      'CONFIG_MEMORY_HOTREMOVE (not set: offline and eject)',
    ]);
  });
});

describe('layoutNotes', () => {
  it('notes options turned off that change what the model is compared with, not options the kernel version lacks', () => {
    expect(layoutNotes(parseKernelConfig(GOOD))).toEqual([]);
    const cfg = parseKernelConfig(GOOD.replace('CONFIG_ZONE_DMA=y', '# CONFIG_ZONE_DMA is not set').replace('CONFIG_MHP_MEMMAP_ON_MEMORY=y\n', ''));
    expect(layoutNotes(cfg)).toEqual(["CONFIG_ZONE_DMA not set (no DMA zone: /proc/zoneinfo differs from the model's)"]);
  });
});

describe('kernel-build: requested options that olddefconfig dropped', () => {
  const fragments = [
    { path: 'oracle/kconfig/memhp.config', text: 'CONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\n' },
    { path: '/home/me/extra.config', text: 'CONFIG_B=m\nCONFIG_D=y\n' },
  ];

  it('takes the later fragment\'s value', () => {
    expect(requestedOptions(fragments)).toEqual([
      { name: 'A', value: 'y', from: 'oracle/kconfig/memhp.config' },
      { name: 'B', value: 'm', from: '/home/me/extra.config' },
      { name: 'C', value: 'n', from: 'oracle/kconfig/memhp.config' },
      { name: 'D', value: 'y', from: '/home/me/extra.config' },
    ]);
  });

  it('names every option not as asked, with what it became and which fragment asked', () => {
    const result = parseKernelConfig('CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\n');
    expect(droppedOptions(requestedOptions(fragments), result)).toEqual([
      'CONFIG_B=m (=y; from extra.config)',
      'CONFIG_C=n (=y; from memhp.config)',
      'CONFIG_D=y (not set; from extra.config)',
    ]);
  });

  it('finds nothing when every option survived', () => {
    expect(droppedOptions(requestedOptions(fragments), parseKernelConfig('CONFIG_A=y\nCONFIG_B=m\nCONFIG_D=y\n'))).toEqual([]);
  });
});

/**
 * `memhp kernel-build`: builds a bootable x86_64 kernel image for the oracle
 * (oracle/build/), from Debian's source of a series or the developer's tree,
 * with patches and a config fragment. Prints where the image is, its release
 * and how long the build took.
 */
import type { Command } from 'commander';
import { kernelBuild } from '../oracle/build/build.ts';
import { duration } from '../oracle/build/ticker.ts';
import { MissingPrerequisite } from '../oracle/kernels.ts';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './errors.ts';
import { collect, intOption } from './options.ts';

interface Options {
  source: string;
  patch: string[];
  configFragment?: string;
  out?: string;
  jobs?: string;
}

async function command(o: Options): Promise<number> {
  const r = await kernelBuild({
    source: o.source,
    patches: o.patch,
    ...(o.configFragment !== undefined ? { fragment: o.configFragment } : {}),
    ...(o.out !== undefined ? { out: o.out } : {}),
    ...(o.jobs !== undefined ? { jobs: intOption('jobs', o.jobs, 1, 1024) } : {}),
  });
  const out = process.stdout;
  out.write(`memhp: built ${r.name} in ${duration(r.seconds * 1000)} (${r.compiled} files compiled${r.seededFrom !== undefined ? ', starting from the unpatched build' : ''})\n`);
  out.write(`  image:   ${r.image}\n`);
  out.write(`  release: ${r.release}\n`);
  out.write(`  config:  ${r.config}\n`);
  if (r.copiedTo !== undefined) out.write(`  copied:  ${r.copiedTo}/bzImage\n`);
  out.write(`  boot it: memhp kernel --image ${r.image}\n`);
  return EXIT_OK;
}

export function registerKernelBuild(cli: Command): void {
  cli
    .command('kernel-build')
    .description('build a small x86_64 kernel image the oracle can boot: Debian\'s source of a series or your tree, your patches and options')
    .requiredOption('--source <which>', 'a Debian series (6.1, 6.12, 7.3: linux-source from the archive) or a clean kernel tree')
    .option('--patch <file>', 'a -p1 patch applied to a copy of the source (repeatable, in order)', collect, [])
    .option('--config-fragment <file>', 'Kconfig lines merged after oracle/kconfig/memhp.config')
    .option('--out <dir>', 'also copy bzImage, .config and release there')
    .option('--jobs <n>', 'make -j (default: the number of cores)')
    .action((o: Options) => {
      command(o).then(
        (code) => {
          process.exitCode = code;
        },
        (e: unknown) => {
          if (e instanceof MissingPrerequisite) {
            process.stderr.write(`memhp: ${e.message}\n`);
            process.exitCode = EXIT_BAD_INPUT;
          } else process.exitCode = reportError(e);
        },
      );
    });
}

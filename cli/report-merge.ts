/** `memhp report merge DIR…`: the shards of one run back into its report (reports/merge.ts). */
import { mergeShards } from '../reports/merge.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';

export function reportMergeCommand(dirs: readonly string[], out: string | undefined): number {
  const m = mergeShards(dirs, out);
  const failed = m.results.filter((r) => r.status === 'failed');
  for (const r of failed) process.stdout.write(`  ${r.profile} › ${r.property} failed (seed ${r.seed}, path "${r.path ?? ''}")\n`);
  process.stdout.write(`report: ${m.report}\n`);
  process.stdout.write(`memhp report merge: ${m.shards} shard(s), ${m.results.length - failed.length} passed, ${failed.length} failed\n`);
  return failed.length === 0 ? EXIT_OK : EXIT_FAILED;
}

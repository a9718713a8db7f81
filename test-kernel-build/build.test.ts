/**
 * `memhp kernel-build` for real: Debian's 6.1 source with the project's
 * fragment (the first run builds for 10-20 minutes, later ones reuse
 * .cache/kernel-build/), its refusals, and the image it builds booted on the
 * oracle corpus, where it must agree with the model as Debian's own 6.1 does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBzImage } from '../oracle/bzimage.ts';
import { BUILD_NEEDS } from '../oracle/build/deps.ts';
import { buildKey, PROJECT_FRAGMENT, TREES_DIR } from '../oracle/build/layout.ts';
import { parseKernelConfig } from '../oracle/kernel-config.ts';
import { onPath } from '../oracle/kernels.ts';
import { repoRoot } from '../test/helpers/cli.ts';

function memhp(args: readonly string[], env: Readonly<Record<string, string>> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/memhp.js', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let built: { image: string; release: string } | undefined;

function build(): { image: string; release: string } {
  if (built !== undefined) return built;
  const r = memhp(['kernel-build', '--source', '6.1']);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  const image = /^ {2}image: +(\S+)$/m.exec(r.stdout)?.[1];
  const release = /^ {2}release: +(\S+)$/m.exec(r.stdout)?.[1];
  expect(image).toBeDefined();
  built = { image: image as string, release: release as string };
  return built;
}

describe('memhp kernel-build --source 6.1', () => {
  it('builds (or finds cached) a bzImage named by its release, with every option the oracle needs', () => {
    const { image, release } = build();
    expect(release).toMatch(/^6\.1\.\d+-memhp$/);
    expect(image).toMatch(/\.cache\/kernel-build\/out\/6\.1\.\d+-memhp\/bzImage$/);
    // the image names itself: the header's release is the one make printed
    expect(readBzImage(image).release).toBe(release);
    const cfg = parseKernelConfig(readFileSync(join(image, '..', '.config'), 'utf8'));
    for (const [name, value] of parseKernelConfig(readFileSync(PROJECT_FRAGMENT, 'utf8'))) expect(`${name}=${cfg.get(name)}`).toBe(`${name}=${value}`);
    expect(readFileSync(join(image, '..', 'release'), 'utf8').trim()).toBe(release);
  });

  it('a patch that does not apply: one line naming it and its hunk, exit 2, no tree left', () => {
    build(); // the pristine tree is unpacked
    const dir = mkdtempSync(join(tmpdir(), 'memhp-kb-'));
    const patch = join(dir, 'stale.patch');
    const text = ['--- a/mm/memory_hotplug.c', '+++ b/mm/memory_hotplug.c', '@@ -1,3 +1,3 @@', ' no such line one', '-no such line two', '+changed', ' no such line three', ''].join('\n');
    writeFileSync(patch, text);
    const before = readdirSync(TREES_DIR).sort();
    const r = memhp(['kernel-build', '--source', '6.1', '--patch', patch]);
    expect(r.code).toBe(2);
    const version = /linux-source-6\.1 (\S+):/.exec(r.stderr)?.[1];
    // a progress line may come first; the refusal is the last and only other line
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, -1).every((l) => l.startsWith('memhp: copying '))).toBe(true);
    expect(lines.at(-1)).toBe(`memhp: --patch ${patch} does not apply to Debian linux-source-6.1 ${version}: hunk #1 of mm/memory_hotplug.c (at line 1) does not apply`);
    expect(readdirSync(TREES_DIR).sort()).toEqual(before);
    const key = buildKey(`debian:linux-source-6.1=${version}`, [{ path: patch, text }], [{ path: PROJECT_FRAGMENT, text: readFileSync(PROJECT_FRAGMENT, 'utf8') }]);
    expect(existsSync(join(TREES_DIR, key))).toBe(false);
  });

  it('a missing build dependency: one line naming the package and the setup command, exit 2', () => {
    // A PATH holding every tool kernel-build needs except flex.
    const bin = mkdtempSync(join(tmpdir(), 'memhp-kb-path-'));
    mkdirSync(join(bin, 'x'));
    for (const exe of ['make', 'gcc', 'ld', 'bison', 'bc', 'perl', 'xz', 'patch', 'dpkg-deb', 'apt-get', 'tar', 'sh', 'bash']) {
      const p = onPath(exe);
      if (p !== undefined) symlinkSync(p, join(bin, 'x', exe));
    }
    expect(BUILD_NEEDS.map((n) => n.what)).toContain('flex');
    const r = memhp(['kernel-build', '--source', '6.1'], { PATH: join(bin, 'x') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('memhp: flex not found (Debian package flex): run `npm run setup:kernel-build`\n');
  });

  it('boots the image it built: the oracle corpus agrees with the model (profile v6.1), as on Debian\'s 6.1', () => {
    const { image, release } = build();
    const r = memhp(['kernel', '--image', image, '--json']);
    expect(r.stdout === '' ? `exit ${r.code}: ${r.stderr}` : 'output').toBe('output');
    // an image file called bzImage is named by its release (oracle/kernel-image.ts)
    expect(r.stderr).toContain(`memhp: ${release} (${release}): profile v6.1 (release ${release} is 6.1)`);
    const runs = JSON.parse(r.stdout) as Array<{ record: { scenario: string; release: string; bootMs: number; steps: Array<{ ms: number }> }; comparison: { profile: string; disagreements: unknown[] } }>;
    // kept for the figures in docs/oracle.md ("Your own kernel")
    mkdirSync(join(repoRoot, 'reports', 'vitest-kernel-build'), { recursive: true });
    writeFileSync(join(repoRoot, 'reports', 'vitest-kernel-build', `corpus-${release}.json`), r.stdout);
    // the corpus, less the legacy-PMEM files, which need a stock kernel's modules (docs/oracle.md) and are named in a note
    const corpus = readdirSync(join(repoRoot, 'oracle', 'corpus')).filter((f) => f.endsWith('.scn'));
    const pmem = corpus.filter((f) => /^config pmem /m.test(readFileSync(join(repoRoot, 'oracle', 'corpus', f), 'utf8'))).map((f) => f.replace(/\.scn$/, ''));
    expect(pmem.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(`corpus files need a stock kernel (config pmem), left out: ${pmem.sort().join(', ')}\n`);
    expect(runs.map((x) => x.record.scenario).sort()).toEqual(corpus.map((f) => f.replace(/\.scn$/, '')).filter((n) => !pmem.includes(n)).sort());
    for (const x of runs) {
      expect(x.record.release).toBe(release);
      expect(x.comparison.profile).toBe('v6.1');
      expect({ scenario: x.record.scenario, disagreements: x.comparison.disagreements }).toEqual({ scenario: x.record.scenario, disagreements: [] });
    }
    expect(r.code).toBe(0);
  });
});

/** Where the oracle keeps what it fetches and builds (git-ignored). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = process.env.MEMHP_CACHE ?? join(PROJECT_ROOT, '.cache');
export const KERNELS_DIR = join(CACHE_DIR, 'kernels');
export const GUEST_INIT = join(PROJECT_ROOT, 'oracle', 'guest', 'init.sh');
export const RECORDED_DIR = join(PROJECT_ROOT, 'oracle', 'recorded');
export const CORPUS_DIR = join(PROJECT_ROOT, 'oracle', 'corpus');
export const FETCH_SCRIPT = join(PROJECT_ROOT, 'oracle', 'setup', 'fetch-kernels.sh');
export const INSTALL_SCRIPT = join(PROJECT_ROOT, 'oracle', 'setup', 'install.sh');

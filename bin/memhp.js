#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

register();
// A long command goes straight to its worker thread (cli/supervise.ts): this thread then never loads the rest.
const argv = process.argv.slice(2);
const { supervise, supervises } = await import('../cli/supervise.ts');
if (supervises(argv)) supervise(argv, new URL('../cli/main.ts', import.meta.url));
else (await import('../cli/main.ts')).runAsCommand(argv);

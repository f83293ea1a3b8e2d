// Bundles the czemu CLI (and the benchmarks, when present) into dist/ with esbuild.
//
//   dist/czemu.js   from src/cli/main.ts: one ESM file for Node 20, executable, with a shebang
//   dist/worker.js  from src/cli/test/worker.ts: the worker threads of `czemu test` (found beside
//                   czemu.js at run time)
//   dist/bench.js   from bench/index.ts, if it exists (koffi stays external: it loads a native
//                   library at run time and cannot be bundled)
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['koffi'],
  banner: { js: '#!/usr/bin/env node' },
};

const targets = [
  { entry: 'src/cli/main.ts', out: 'dist/czemu.js' },
  { entry: 'src/cli/test/worker.ts', out: 'dist/worker.js' },
];
if (existsSync(join(root, 'bench/index.ts'))) targets.push({ entry: 'bench/index.ts', out: 'dist/bench.js' });

for (const t of targets) {
  await build({ ...common, entryPoints: [join(root, t.entry)], outfile: join(root, t.out) });
  chmodSync(join(root, t.out), 0o755);
}

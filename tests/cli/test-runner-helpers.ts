import { readFileSync } from 'node:fs';
import type { CliIo } from '../../src/cli/command.ts';

/**
 * A CliIo for `czemu test` tests: files from `files` first (a path that prefixes other entries,
 * "dir" of "dir/x", reads as a directory: EISDIR), then, with `disk`, the real file system;
 * stdout and stderr captured.
 */
export function fakeIo(files: Record<string, Uint8Array>, disk = false) {
  const chunks: Uint8Array[] = [];
  let stderr = '';
  const io: CliIo = {
    stdout: (d) => chunks.push(typeof d === 'string' ? new TextEncoder().encode(d) : d.slice()),
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => {
      const f = files[p];
      if (f !== undefined) return f;
      if (disk) return new Uint8Array(readFileSync(p));
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: Object.keys(files).some((k) => k.startsWith(`${p}/`)) ? 'EISDIR' : 'ENOENT' });
    },
  };
  return {
    io,
    stdout: () => Buffer.concat(chunks).toString('latin1'),
    stderr: () => stderr,
  };
}

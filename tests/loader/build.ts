import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cacheDir = join(tmpdir(), 'czemu-elf-cache');

/**
 * Assembles and links `source` (GNU as, ARMv5TE) into a static ELF executable with
 * arm-none-eabi-gcc, text at `textAddr`, entry at `_start`. Returns the ELF's bytes and its path.
 * Cached by content hash in the OS temp directory, so repeated test runs skip the toolchain.
 */
export function buildElf(source: string, textAddr = 0x8000): { bytes: Uint8Array; path: string } {
  const key = createHash('sha256').update(`${textAddr}\n${source}`).digest('hex').slice(0, 24);
  mkdirSync(cacheDir, { recursive: true });
  const elf = join(cacheDir, `${key}.elf`);
  if (!existsSync(elf)) {
    const src = join(cacheDir, `${key}.S`);
    writeFileSync(src, `.syntax unified\n${source}\n`);
    execFileSync('arm-none-eabi-gcc', [
      '-march=armv5te', '-marm', '-nostdlib', '-nostartfiles', '-static', '-Wl,--build-id=none',
      `-Wl,-Ttext=0x${textAddr.toString(16)}`, '-Wl,-e,_start', '-o', `${elf}.tmp`, src,
    ]);
    renameSync(`${elf}.tmp`, elf);
  }
  return { bytes: new Uint8Array(readFileSync(elf)), path: elf };
}

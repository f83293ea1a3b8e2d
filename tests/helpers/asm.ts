import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cacheDir = join(tmpdir(), 'czemu-asm-cache');

/**
 * Assembles `source` (GNU as syntax, ARMv5TE, ARM state unless the source says `.thumb`) with
 * Debian's arm-none-eabi-as and returns the raw bytes of its .text section, placed at address 0.
 * Results are cached by content hash in the OS temp directory so repeated test runs stay fast.
 */
export function assemble(source: string): Uint8Array {
  const key = createHash('sha256').update(source).digest('hex').slice(0, 24);
  mkdirSync(cacheDir, { recursive: true });
  const bin = join(cacheDir, `${key}.bin`);
  if (existsSync(bin)) return new Uint8Array(readFileSync(bin));
  const src = join(cacheDir, `${key}.s`);
  const obj = join(cacheDir, `${key}.o`);
  writeFileSync(src, `.syntax unified\n.arm\n${source}\n`);
  execFileSync('arm-none-eabi-as', ['-march=armv5te', '-mcpu=arm926ej-s', '-o', obj, src]);
  execFileSync('arm-none-eabi-objcopy', ['-O', 'binary', '-j', '.text', obj, `${bin}.tmp`]);
  execFileSync('mv', [`${bin}.tmp`, bin]);
  return new Uint8Array(readFileSync(bin));
}

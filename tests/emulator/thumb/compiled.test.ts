import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runThumb, u } from './harness.ts';

/**
 * Compiles freestanding C to Thumb assembly with Debian's arm-none-eabi-gcc (cached by content
 * hash). The C must not need libgcc or data sections: everything stays in .text.
 */
function compileThumb(c: string): string {
  const dir = join(tmpdir(), 'czemu-thumb-cc');
  mkdirSync(dir, { recursive: true });
  const key = createHash('sha256').update(c).digest('hex').slice(0, 24);
  const out = join(dir, `${key}.s`);
  if (!existsSync(out)) {
    const src = join(dir, `${key}.c`);
    writeFileSync(src, c);
    execFileSync('arm-none-eabi-gcc', [
      '-mthumb', '-march=armv5te', '-mcpu=arm926ej-s', '-O2', '-ffreestanding', '-nostdlib',
      '-fno-pic', '-fno-tree-loop-distribute-patterns', '-S', '-o', `${out}.tmp`, src,
    ]);
    execFileSync('mv', [`${out}.tmp`, out]);
  }
  return readFileSync(out, 'utf8');
}

const PROGRAM = `
static unsigned crc32(const unsigned char *p, int n) {
  unsigned c = ~0u;
  for (int i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1u));
  }
  return ~c;
}
static void isort(int *a, int n) {
  for (int i = 1; i < n; i++) {
    int v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}
int run(void) {
  unsigned char buf[256];
  signed char sb[16];
  short sh[16];
  int a[32];
  for (int i = 0; i < 256; i++) buf[i] = (unsigned char)(i * 7 + 3);
  unsigned c = crc32(buf, 256);
  for (int i = 0; i < 32; i++) a[i] = (int)((unsigned)i * 2654435761u) >> 3;
  isort(a, 32);
  int ok = 1;
  for (int i = 1; i < 32; i++) if (a[i - 1] > a[i]) ok = 0;
  int s = 0;
  for (int i = 0; i < 16; i++) { sb[i] = (signed char)(i * 37); sh[i] = (short)(i * 9001); }
  for (int i = 0; i < 16; i++) s += sb[i] * sh[15 - i];
  return (int)(c ^ (unsigned)a[0] ^ (unsigned)a[31] ^ (unsigned)s) + ok;
}
`;

/** The same computation in TypeScript, written independently of the emulator. */
function expected(): number {
  let c = 0xffffffff;
  for (let i = 0; i < 256; i++) {
    c = (c ^ ((i * 7 + 3) & 0xff)) >>> 0;
    for (let k = 0; k < 8; k++) c = ((c >>> 1) ^ (0xedb88320 & -(c & 1))) >>> 0;
  }
  c = ~c >>> 0;
  const a = Array.from({ length: 32 }, (_, i) => Math.imul(i, 2654435761 | 0) >> 3).sort((x, y) => x - y);
  let s = 0;
  for (let i = 0; i < 16; i++) {
    const sb = ((i * 37) << 24) >> 24;
    const sh = (((15 - i) * 9001) << 16) >> 16;
    s += sb * sh;
  }
  return ((c ^ a[0]! ^ a[31]! ^ s) + 1) >>> 0;
}

describe('compiled Thumb code (gcc -mthumb -march=armv5te -O2)', () => {
  it('computes a CRC-32, an insertion sort and signed byte/halfword products', () => {
    // A local `run` lets the assembler resolve the BL (a global symbol would leave a relocation).
    const asm = compileThumb(PROGRAM).replace(/\.global\s+run\n/, '');
    const body = `bl run\nswi 0\n${asm}`;
    const { cpu, exit } = runThumb(body, {}, 5_000_000);
    expect(exit.kind).toBe('swi');
    expect(exit.swiAddr).toBe(0x8004);
    expect(u(cpu, 0)).toBe(expected());
    expect(u(cpu, 13)).toBe(0x80000);
  });
});

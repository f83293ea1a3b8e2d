import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/command.ts';
import { Rng } from '../diff/rng.ts';

/**
 * Random mutations of the committed ELFs fed to `czemu run` and `czemu boot`: truncation, byte
 * flips in the ELF header, program headers and section headers, huge sizes and offsets, moved
 * and overlapping segments. Every result is either a guest run (the mutation was harmless or only
 * changed what the program does) or status 2 with exactly one stderr line `czemu: ...`; never the
 * internal-error status 70 and never a stack trace.
 */

const IMAGES = resolve(import.meta.dirname, '../../images');
const FILE = '/fuzz/mutant.elf';

async function cli(argv: string[], bytes: Uint8Array) {
  let stderr = '';
  const io: CliIo = {
    stdout: () => {},
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => {
      if (p === FILE) return bytes;
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    },
  };
  const status = await runCli(argv, io);
  return { status, stderr };
}

/** One random mutation of `orig` (a copy); `what` says which, for the failure message. */
export function mutate(rng: Rng, orig: Uint8Array): { bytes: Uint8Array; what: string } {
  const b = orig.slice();
  const dv = new DataView(b.buffer);
  const phoff = dv.getUint32(28, true);
  const phnum = dv.getUint16(44, true);
  const shoff = dv.getUint32(32, true);
  const shnum = dv.getUint16(48, true);
  const huge = () => rng.pick([0xffffffff, 0x80000000, 0x7fffffff, 0xfffff000, 0x10000000, b.length, b.length + 1, 0x100000000 - 4, rng.u32()]);
  switch (rng.below(9)) {
    case 0: {
      const n = rng.below(b.length);
      return { bytes: b.slice(0, n), what: `truncated to ${n}` };
    }
    case 1: {
      const o = rng.below(52);
      b[o] = rng.chance(0.5) ? b[o]! ^ (1 << rng.below(8)) : rng.below(256);
      return { bytes: b, what: `ELF header byte ${o} = ${b[o]}` };
    }
    case 2: {
      const field = rng.pick([24, 28, 32, 42, 44, 46, 48, 50]);
      const size = field >= 40 ? 2 : 4;
      const v = size === 2 ? rng.pick([0, 1, 0xffff, 0x7fff, rng.below(0x10000), 100]) : huge();
      if (size === 2) dv.setUint16(field, v, true); else dv.setUint32(field, v >>> 0, true);
      return { bytes: b, what: `ELF header field @${field} = 0x${(v >>> 0).toString(16)}` };
    }
    case 3: case 4: {
      if (phnum === 0) return { bytes: b, what: 'none' };
      const i = rng.below(phnum);
      const field = rng.below(8) * 4;
      const o = phoff + i * 32 + field;
      const v = rng.chance(0.6) ? huge() : (dv.getUint32(o, true) + rng.pick([1, -1, 0x1000, -0x1000, 4])) >>> 0;
      dv.setUint32(o, v >>> 0, true);
      return { bytes: b, what: `phdr ${i} field @${field} = 0x${(v >>> 0).toString(16)}` };
    }
    case 5: {
      if (phnum < 2) return { bytes: b, what: 'none' };
      // Overlap: segment j starts inside segment i (same vaddr/paddr, or half-way in).
      const i = rng.below(phnum);
      const j = (i + 1 + rng.below(phnum - 1)) % phnum;
      const va = dv.getUint32(phoff + i * 32 + 8, true);
      const pa = dv.getUint32(phoff + i * 32 + 12, true);
      const d = rng.pick([0, 4, 0x800, 0x1000]);
      dv.setUint32(phoff + j * 32 + 8, (va + d) >>> 0, true);
      dv.setUint32(phoff + j * 32 + 12, (pa + d) >>> 0, true);
      return { bytes: b, what: `phdr ${j} moved over phdr ${i} (+${d})` };
    }
    case 6: {
      if (shnum === 0 || shoff + shnum * 40 > b.length) return { bytes: b, what: 'none' };
      const i = rng.below(shnum);
      const field = rng.below(10) * 4;
      const o = shoff + i * 40 + field;
      const v = rng.chance(0.5) ? huge() : rng.below(64);
      dv.setUint32(o, v >>> 0, true);
      return { bytes: b, what: `shdr ${i} field @${field} = 0x${(v >>> 0).toString(16)}` };
    }
    case 7: {
      const n = 1 + rng.below(8);
      const where: number[] = [];
      for (let k = 0; k < n; k++) {
        const o = rng.below(Math.min(b.length, 4096));
        b[o] = rng.below(256);
        where.push(o);
      }
      return { bytes: b, what: `random bytes at ${where.join(',')}` };
    }
    default: {
      // Segment bytes: p_filesz and p_memsz both large, or p_filesz > p_memsz.
      if (phnum === 0) return { bytes: b, what: 'none' };
      const i = rng.below(phnum);
      const o = phoff + i * 32;
      const mem = huge();
      dv.setUint32(o + 20, mem >>> 0, true);
      if (rng.chance(0.5)) dv.setUint32(o + 16, rng.chance(0.5) ? mem >>> 0 : (mem + 1) >>> 0, true);
      return { bytes: b, what: `phdr ${i} memsz 0x${(mem >>> 0).toString(16)}` };
    }
  }
}

function checkResult(r: { status: number; stderr: string }, what: string): void {
  const where = `${what}: status ${r.status}, stderr ${JSON.stringify(r.stderr.slice(0, 400))}`;
  expect(r.status, where).not.toBe(70);
  expect(r.stderr, where).not.toMatch(/^\s+at /m);
  expect(r.stderr, where).not.toMatch(/internal error/);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  for (const l of lines) expect(l, where).toMatch(/^czemu: /);
  if (r.status === 2) expect(lines.length, where).toBe(1);
}

const RUN_IMAGES = ['cpu/hello.elf', 'cpu/alu.elf', 'cpu/mmu.elf', 'cpu/thumb.elf'];
const BOOT_IMAGES = ['user/hello.elf', 'user/getid.elf', 'posix/errors.elf', 'posix/test0.elf'];

describe('mutated ELF images', () => {
  for (const [cmd, images, seed] of [['run', RUN_IMAGES, 11], ['boot', BOOT_IMAGES, 12]] as const) {
    it(`czemu ${cmd}: status 2 with one 'czemu:' line or a guest run, never an internal error`, async () => {
      const rng = new Rng(seed);
      for (let i = 0; i < 150; i++) {
        const img = rng.pick(images);
        const orig = new Uint8Array(readFileSync(`${IMAGES}/${img}`));
        const m = mutate(rng, orig);
        const r = await cli([cmd, '--max-insns', '200000', FILE], m.bytes);
        checkResult(r, `${cmd} ${img} #${i} ${m.what}`);
      }
    }, 300_000);
  }
});

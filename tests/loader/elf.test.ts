import { describe, expect, it } from 'vitest';
import { runBareMetal } from '../../src/emulator/baremetal.ts';
import { ElfError, imageEnd, parseElf, PF_R, PF_W, PF_X } from '../../src/emulator/loader/elf.ts';
import { Symbols } from '../../src/emulator/loader/symbols.ts';
import { buildElf } from './build.ts';

const SOURCE = `
        .text
        .global _start
        .type _start, %function
_start: bl helper
        b .
        .size _start, . - _start
        .type helper, %function
helper: mov r0, #1
        bx lr
        .size helper, . - helper
        .thumb
        .global tfunc
        .type tfunc, %function
        .thumb_func
tfunc:  bx lr
        .size tfunc, . - tfunc
        .arm
label:  nop
        .data
        .global counter
        .type counter, %object
counter: .word 0x12345678
        .size counter, 4
        .bss
buf:    .space 256
`;

const good = (): Uint8Array => buildElf(SOURCE).bytes.slice();

/** The message parseElf throws for `bytes`, asserting that it is an ElfError. */
function elfError(bytes: Uint8Array): string {
  try {
    parseElf(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ElfError);
    return (e as ElfError).message;
  }
  throw new Error('parseElf accepted the file');
}

function patch16(b: Uint8Array, off: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
  return b;
}

function patch32(b: Uint8Array, off: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint32(off, v, true);
  return b;
}

/** File offset of program header `i`'s field at byte `field` (the toolchain puts them at 52). */
const ph = (i: number, field: number): number => 52 + 32 * i + field;

describe('parseElf on a linked executable', () => {
  const img = parseElf(good());

  it('reads the entry point and PT_LOAD segments', () => {
    expect(img.entry).toBe(0x8000);
    expect(img.segments.map((s) => [s.index, s.vaddr, s.paddr, s.offset, s.filesz, s.memsz, s.flags]))
      .toEqual([
        [0, 0x8000, 0x8000, 0x1000, 0x18, 0x18, PF_R | PF_X],
        [1, 0x9018, 0x9018, 0x1018, 4, 0x104, PF_R | PF_W],
      ]);
    expect(Array.from(img.segments[1]!.data)).toEqual([0x78, 0x56, 0x34, 0x12]);
    expect(imageEnd(img)).toBe(0x911c);
  });

  it('reads section headers with their names', () => {
    const text = img.sections.find((s) => s.name === '.text')!;
    expect([text.addr, text.offset, text.size]).toEqual([0x8000, 0x1000, 0x18]);
    expect(img.sections.find((s) => s.name === '.bss')!.size).toBe(0x100);
  });

  it('reads the symbol table', () => {
    const counter = img.symbols.find((s) => s.name === 'counter')!;
    expect(counter).toEqual({ name: 'counter', value: 0x9018, size: 4, type: 'object', bind: 'global', shndx: 2 });
    const tfunc = img.symbols.find((s) => s.name === 'tfunc')!;
    expect([tfunc.value, tfunc.size, tfunc.type]).toEqual([0x8011, 2, 'func']);
  });
});

describe('Symbols', () => {
  const syms = new Symbols(parseElf(good()));

  it('finds the function holding an address, with its offset', () => {
    expect(syms.describe(0x8000)).toBe('_start');
    expect(syms.describe(0x8004)).toBe('_start+0x4');
    expect(syms.describe(0x800c)).toBe('helper+0x4');
    expect(syms.lookup(0x8010)).toMatchObject({ addr: 0x8010, offset: 0 });
    expect(syms.describe(0x8010)).toBe('tfunc');
  });

  it('uses untyped assembly labels in code, but not mapping symbols or data labels', () => {
    expect(syms.describe(0x8014)).toBe('label');
    expect(syms.describe(0x8016)).toBe('label+0x2');
    expect(syms.lookup(0x901c)).toEqual({ symbol: syms.byName('label'), addr: 0x8014, offset: 0x1008 });
    expect(syms.byName('$a')).toBeUndefined();
  });

  it('reports nothing below the first symbol or past a sized function', () => {
    expect(syms.lookup(0x7ffc)).toBeUndefined();
    expect(new Symbols({ symbols: [{ name: 'f', value: 0x100, size: 8, type: 'func', bind: 'global', shndx: 1 }], sections: [] })
      .lookup(0x108)).toBeUndefined();
  });

  it('finds symbols by name', () => {
    expect(syms.byName('helper')?.value).toBe(0x8008);
    expect(syms.byName('nosuch')).toBeUndefined();
  });
});

describe('parseElf rejects bad files with one clear line', () => {
  it('truncated header', () => {
    expect(elfError(good().subarray(0, 40))).toBe('truncated ELF header: 40 bytes, need 52');
    expect(elfError(new Uint8Array(0))).toBe('not an ELF file (bad magic)');
  });

  it('truncated segment', () => {
    expect(elfError(good().subarray(0, 0x1010)))
      .toBe('segment 0 at offset 0x1000 (0x18 bytes) extends past end of file (0x1010 bytes)');
  });

  it('bad magic', () => {
    const b = good();
    b[1] = 0x46;
    expect(elfError(b)).toBe('not an ELF file (bad magic)');
    expect(elfError(new TextEncoder().encode('#!/bin/sh\necho hello, this is no ELF file at all\n')))
      .toBe('not an ELF file (bad magic)');
  });

  it('ELFCLASS64', () => {
    const b = good();
    b[4] = 2;
    expect(elfError(b)).toBe('ELFCLASS64 file: czemu runs 32-bit ARM (ELFCLASS32)');
  });

  it('big-endian', () => {
    const b = good();
    b[5] = 2;
    expect(elfError(b)).toBe('big-endian (ELFDATA2MSB) file: czemu runs little-endian ARM');
  });

  it('wrong machine', () => {
    expect(elfError(patch16(good(), 18, 3))).toBe('not an ARM file: e_machine 3 (EM_386), need EM_ARM (40)');
    expect(elfError(patch16(good(), 18, 999))).toBe('not an ARM file: e_machine 999, need EM_ARM (40)');
  });

  it('not an executable', () => {
    expect(elfError(patch16(good(), 16, 1))).toBe('not an executable: e_type ET_REL, need ET_EXEC');
  });

  it('p_filesz larger than p_memsz', () => {
    expect(elfError(patch32(good(), ph(1, 16), 0x200))).toBe('segment 1: p_filesz 0x200 exceeds p_memsz 0x104');
  });

  it('segment wrapping past 4 GB', () => {
    expect(elfError(patch32(good(), ph(1, 8), 0xffffff00)))
      .toBe('segment 1 at 0xffffff00 (0x104 bytes) wraps past 4 GB');
  });

  it('overlapping segments', () => {
    expect(elfError(patch32(good(), ph(1, 12), 0x8010))).toBe('segments 0 and 1 overlap at physical 0x8010');
  });

  it('entry point outside the loaded image', () => {
    expect(elfError(patch32(good(), 24, 0x4000))).toBe('entry point 0x4000 is outside every loadable segment');
  });

  it('no loadable segment', () => {
    const b = patch32(patch32(good(), ph(0, 0), 6), ph(1, 0), 6);
    expect(elfError(b)).toBe('no loadable (PT_LOAD) segments');
  });

  it('section header table past the end of the file', () => {
    const b = good();
    expect(elfError(patch32(b, 32, b.length - 8)))
      .toBe(`section header table at offset 0x${(b.length - 8).toString(16)} (0x190 bytes) extends past end of file (0x${b.length.toString(16)} bytes)`);
  });

  it('segment outside RAM (when loaded)', () => {
    expect(() => runBareMetal(good(), { console: () => {}, ramSize: 0x8000 }))
      .toThrow(new ElfError('segment 0 at physical 0x8000 (0x18 bytes) is outside RAM (0x0-0x7fff)'));
  });
});

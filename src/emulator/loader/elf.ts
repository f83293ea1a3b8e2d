/**
 * ELF32 parsing for little-endian ARM executables (the System V gABI and the ARM ELF ABI).
 * Pure functions over the file's bytes: nothing here touches a machine.
 *
 *   0x00 ELF header (52 bytes)   e_ident[16] type machine version entry phoff shoff flags
 *                                ehsize phentsize phnum shentsize shnum shstrndx
 *   phoff  program headers (32 bytes each)  type offset vaddr paddr filesz memsz flags align
 *   shoff  section headers (40 bytes each)  name type flags addr offset size link info align entsize
 *   .symtab entries (16 bytes each)         name value size info other shndx
 *
 * Every structural problem throws ElfError with a one-line message; the file name is the caller's
 * to add.
 */

export type VAddr = number;
export type PAddr = number;

/** A malformed or unsupported ELF file. `message` is one line without the file name. */
export class ElfError extends Error {
  override readonly name = 'ElfError';
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const EM_ARM = 40;
export const ET_EXEC = 2;

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;

/** One PT_LOAD segment; `data` is a view of its p_filesz bytes in the file. */
export interface Segment {
  readonly index: number;
  readonly vaddr: VAddr;
  readonly paddr: PAddr;
  readonly offset: number;
  readonly filesz: number;
  readonly memsz: number;
  /** PF_R | PF_W | PF_X bits. */
  readonly flags: number;
  readonly data: Uint8Array;
}

export interface Section {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: VAddr;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entsize: number;
}

export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file' | 'other';
export type SymbolBind = 'local' | 'global' | 'weak' | 'other';

export interface ElfSymbol {
  readonly name: string;
  /** st_value as in the file: Thumb functions have bit 0 set. */
  readonly value: number;
  readonly size: number;
  readonly type: SymbolType;
  readonly bind: SymbolBind;
  /** Section index (0 undefined, 0xfff1 absolute). */
  readonly shndx: number;
}

export interface ElfImage {
  readonly entry: VAddr;
  /** PT_LOAD segments in program-header order. */
  readonly segments: readonly Segment[];
  readonly sections: readonly Section[];
  /** .symtab entries except the null symbol; empty for a stripped file. */
  readonly symbols: readonly ElfSymbol[];
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

const TYPE_NAMES = ['ET_NONE', 'ET_REL', 'ET_EXEC', 'ET_DYN', 'ET_CORE'];
const MACHINE_NAMES: Record<number, string> = {
  2: 'EM_SPARC', 3: 'EM_386', 8: 'EM_MIPS', 20: 'EM_PPC', 40: 'EM_ARM', 62: 'EM_X86_64',
  183: 'EM_AARCH64', 243: 'EM_RISCV',
};

/**
 * Parses `bytes` as an ELF32 little-endian ARM executable (ET_EXEC). Returns its entry point,
 * PT_LOAD segments, sections and symbols. Throws ElfError for a truncated or malformed file, a
 * wrong class, byte order, machine or type, a segment whose bytes lie beyond the file or whose
 * p_filesz exceeds p_memsz, a segment that wraps past 4 GB, PT_LOAD segments that overlap, and
 * an entry point outside every PT_LOAD segment.
 */
export function parseElf(bytes: Uint8Array): ElfImage {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkIdent(bytes);
  if (bytes.length < EHDR_SIZE) {
    throw new ElfError(`truncated ELF header: ${bytes.length} bytes, need ${EHDR_SIZE}`);
  }
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  const type = u16(16);
  if (type !== ET_EXEC) {
    throw new ElfError(`not an executable: e_type ${TYPE_NAMES[type] ?? type}, need ET_EXEC`);
  }
  const machine = u16(18);
  if (machine !== EM_ARM) {
    const name = MACHINE_NAMES[machine];
    throw new ElfError(`not an ARM file: e_machine ${machine}${name ? ` (${name})` : ''}, need EM_ARM (40)`);
  }
  const entry = u32(24);
  const phoff = u32(28);
  const shoff = u32(32);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);

  const segments = parseSegments(bytes, dv, phoff, phentsize, phnum);
  const sections = parseSections(bytes, dv, shoff, shentsize, shnum, shstrndx);
  const symbols = parseSymbols(bytes, dv, sections);
  const pc = (entry & ~1) >>> 0;
  if (!segments.some((s) => pc >= s.vaddr && pc < s.vaddr + s.memsz)) {
    throw new ElfError(`entry point ${hex(entry)} is outside every loadable segment`);
  }
  return { entry, segments, sections, symbols };
}

function checkIdent(bytes: Uint8Array): void {
  if (bytes.length < 16) {
    if (bytes.length >= 4 && isElfMagic(bytes)) {
      throw new ElfError(`truncated ELF header: ${bytes.length} bytes, need ${EHDR_SIZE}`);
    }
    throw new ElfError('not an ELF file (bad magic)');
  }
  if (!isElfMagic(bytes)) throw new ElfError('not an ELF file (bad magic)');
  const cls = bytes[4]!;
  if (cls !== 1) {
    throw new ElfError(cls === 2 ? 'ELFCLASS64 file: czemu runs 32-bit ARM (ELFCLASS32)' : `bad ELF class ${cls}`);
  }
  const data = bytes[5]!;
  if (data !== 1) {
    throw new ElfError(data === 2 ? 'big-endian (ELFDATA2MSB) file: czemu runs little-endian ARM' : `bad ELF data encoding ${data}`);
  }
  if (bytes[6] !== 1) throw new ElfError(`unsupported ELF version ${bytes[6]!}`);
}

function isElfMagic(b: Uint8Array): boolean {
  return b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** Checks that [off, off+len) lies within the file; `what` names the table for the message. */
function checkRange(bytes: Uint8Array, off: number, len: number, what: string): void {
  if (off + len > bytes.length) {
    throw new ElfError(`${what} at offset ${hex(off)} (${hex(len)} bytes) extends past end of file (${hex(bytes.length)} bytes)`);
  }
}

function parseSegments(
  bytes: Uint8Array, dv: DataView, phoff: number, phentsize: number, phnum: number,
): Segment[] {
  if (phnum === 0) throw new ElfError('no program headers');
  if (phentsize !== PHDR_SIZE) throw new ElfError(`bad e_phentsize ${phentsize}, need ${PHDR_SIZE}`);
  checkRange(bytes, phoff, phnum * PHDR_SIZE, 'program header table');
  const segs: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * PHDR_SIZE;
    if (dv.getUint32(o, true) !== PT_LOAD) continue;
    const offset = dv.getUint32(o + 4, true);
    const vaddr = dv.getUint32(o + 8, true);
    const paddr = dv.getUint32(o + 12, true);
    const filesz = dv.getUint32(o + 16, true);
    const memsz = dv.getUint32(o + 20, true);
    const flags = dv.getUint32(o + 24, true);
    if (filesz > memsz) {
      throw new ElfError(`segment ${i}: p_filesz ${hex(filesz)} exceeds p_memsz ${hex(memsz)}`);
    }
    checkRange(bytes, offset, filesz, `segment ${i}`);
    if (vaddr + memsz > 0x1_0000_0000 || paddr + memsz > 0x1_0000_0000) {
      throw new ElfError(`segment ${i} at ${hex(vaddr)} (${hex(memsz)} bytes) wraps past 4 GB`);
    }
    const data = bytes.subarray(offset, offset + filesz);
    segs.push({ index: i, vaddr, paddr, offset, filesz, memsz, flags, data });
  }
  if (segs.length === 0) throw new ElfError('no loadable (PT_LOAD) segments');
  for (let a = 0; a < segs.length; a++) {
    for (let b = a + 1; b < segs.length; b++) {
      const s = segs[a]!;
      const t = segs[b]!;
      if (s.memsz === 0 || t.memsz === 0) continue;
      if (s.paddr < t.paddr + t.memsz && t.paddr < s.paddr + s.memsz) {
        throw new ElfError(`segments ${s.index} and ${t.index} overlap at physical ${hex(Math.max(s.paddr, t.paddr))}`);
      }
      if (s.vaddr < t.vaddr + t.memsz && t.vaddr < s.vaddr + s.memsz) {
        throw new ElfError(`segments ${s.index} and ${t.index} overlap at virtual ${hex(Math.max(s.vaddr, t.vaddr))}`);
      }
    }
  }
  return segs;
}

function parseSections(
  bytes: Uint8Array, dv: DataView, shoff: number, shentsize: number, shnum: number, shstrndx: number,
): Section[] {
  if (shoff === 0 || shnum === 0) return [];
  if (shentsize !== SHDR_SIZE) throw new ElfError(`bad e_shentsize ${shentsize}, need ${SHDR_SIZE}`);
  checkRange(bytes, shoff, shnum * SHDR_SIZE, 'section header table');
  if (shstrndx >= shnum) throw new ElfError(`e_shstrndx ${shstrndx} is not a section (${shnum} sections)`);
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * SHDR_SIZE;
    const w = (k: number): number => dv.getUint32(o + 4 * k, true);
    const s = {
      nameOff: w(0), type: w(1), flags: w(2), addr: w(3), offset: w(4), size: w(5), link: w(6),
      info: w(7), entsize: w(9),
    };
    if (s.type !== SHT_NOBITS && s.type !== 0) checkRange(bytes, s.offset, s.size, `section ${i}`);
    raw.push(s);
  }
  const strtab = raw[shstrndx]!;
  return raw.map((s, i) => ({
    name: i === 0 ? '' : readString(bytes, strtab.offset, strtab.size, s.nameOff, `section ${i} name`),
    type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size, link: s.link,
    info: s.info, entsize: s.entsize,
  }));
}

/** Reads the NUL-terminated string at `off` within the string table [base, base+size). */
function readString(bytes: Uint8Array, base: number, size: number, off: number, what: string): string {
  if (off >= size) throw new ElfError(`${what}: string offset ${hex(off)} is outside its string table`);
  let end = base + off;
  const limit = base + size;
  while (end < limit && bytes[end] !== 0) end++;
  if (end === limit) throw new ElfError(`${what}: string at offset ${hex(off)} is not terminated`);
  let s = '';
  for (let i = base + off; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const SYM_TYPES: SymbolType[] = ['notype', 'object', 'func', 'section', 'file'];
const SYM_BINDS: SymbolBind[] = ['local', 'global', 'weak'];

function parseSymbols(bytes: Uint8Array, dv: DataView, sections: Section[]): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) return [];
  if (symtab.entsize !== SYM_SIZE) throw new ElfError(`.symtab: bad sh_entsize ${symtab.entsize}, need ${SYM_SIZE}`);
  const strtab = sections[symtab.link];
  if (strtab === undefined || strtab.type !== SHT_STRTAB) {
    throw new ElfError(`.symtab: sh_link ${symtab.link} is not a string table`);
  }
  const out: ElfSymbol[] = [];
  const count = Math.floor(symtab.size / SYM_SIZE);
  for (let i = 1; i < count; i++) {
    const o = symtab.offset + i * SYM_SIZE;
    const info = bytes[o + 12]!;
    out.push({
      name: readString(bytes, strtab.offset, strtab.size, dv.getUint32(o, true), `symbol ${i} name`),
      value: dv.getUint32(o + 4, true),
      size: dv.getUint32(o + 8, true),
      type: SYM_TYPES[info & 0xf] ?? 'other',
      bind: SYM_BINDS[info >>> 4] ?? 'other',
      shndx: dv.getUint16(o + 14, true),
    });
  }
  return out;
}

/**
 * The physical end of the image: one past the highest byte any PT_LOAD segment occupies
 * (bare-metal hosts put the heap there).
 */
export function imageEnd(image: ElfImage): PAddr {
  let end = 0;
  for (const s of image.segments) end = Math.max(end, s.paddr + s.memsz);
  return end;
}

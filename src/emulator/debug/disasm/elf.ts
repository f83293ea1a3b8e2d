import type { ElfImage, ElfSymbol, Section } from '../../loader/elf.ts';
import { disassembleArm } from './arm.ts';
import type { AddressNames } from './format.ts';
import { disassembleThumbSized } from './thumb.ts';

/**
 * Whole-image disassembly in `objdump -d` layout: every executable section, a `<name>:` header
 * at each symbol, ARM or Thumb or data chosen by the ARM ELF mapping symbols ($a, $t, $d) as
 * objdump does, data printed in naturally aligned .word/.short/.byte chunks that stop at the next
 * symbol.
 */

const SHF_EXECINSTR = 0x4;
const SHT_NOBITS = 8;
const SHN_ABS = 0xfff1;

type Mode = 'a' | 't' | 'd';

const isMapping = (s: ElfSymbol): boolean => /^\$[atd](\.|$)/.test(s.name);

/**
 * objdump's symbol naming for an executable: the nearest symbol at or below the address among
 * named, defined, non-section, non-mapping, non-absolute symbols of every section; at one address
 * a global beats a local, then the larger st_size (__udivsi3 over its alias __aeabi_uidiv),
 * then the alphabetically first name (as objdump 2.40 picks
 * __aeabi_idiv0 over its alias __aeabi_ldiv0).
 */
export class ObjdumpSymbols implements AddressNames {
  private readonly sorted: { addr: number; name: string }[];

  /** Indexes `image`'s symbol table. */
  constructor(image: Pick<ElfImage, 'symbols'>) {
    const syms = image.symbols.filter((s) => s.name !== '' && s.shndx !== 0 && s.type !== 'section'
      && s.type !== 'file' && !isMapping(s) && s.shndx !== SHN_ABS);
    const rank = (s: ElfSymbol): number => (s.bind === 'local' ? 0 : 1);
    this.sorted = syms
      .map((s) => ({ addr: s.value >>> 0, name: s.name, r: rank(s), size: s.size }))
      .sort((a, b) => a.addr - b.addr || b.r - a.r || b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(({ addr, name }) => ({ addr, name }));
  }

  /** `name` or `name+0xoff` of the first symbol at the nearest address at or below `addr`. */
  describe(addr: number): string | undefined {
    const a = addr >>> 0;
    let lo = 0;
    let hi = this.sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.addr <= a) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    let first = found;
    while (first > 0 && this.sorted[first - 1]!.addr === this.sorted[found]!.addr) first--;
    const e = this.sorted[first]!;
    return a === e.addr ? e.name : `${e.name}+0x${(a - e.addr).toString(16)}`;
  }

  /** The header name objdump prints at `addr`, if any symbol sits exactly there. */
  labelAt(addr: number): string | undefined {
    const d = this.describe(addr);
    return d !== undefined && !d.includes('+0x') ? d : undefined;
  }
}

/** Options of disassembleElf. */
export interface ElfDisasmOptions {
  /** Treat code without mapping symbols as Thumb. */
  readonly thumb?: boolean;
  /** First address to print (inclusive). */
  readonly start?: number;
  /** Largest number of instruction/data lines to print. */
  readonly count?: number;
}

/** The hex column: chunks separated by spaces, padded as if the line held 4 bytes, then a space. */
function hexColumn(bytes: Uint8Array, at: number, size: number, chunk: number): string {
  const parts: string[] = [];
  for (let o = 0; o < size; o += chunk) {
    let v = 0;
    for (let i = chunk - 1; i >= 0; i--) v = v * 256 + bytes[at + o + i]!;
    parts.push(v.toString(16).padStart(chunk * 2, '0'));
  }
  const missing = (4 - size) / chunk;
  return `${parts.join(' ')}${' '.repeat(missing * (chunk * 2 + 1))} `;
}

/**
 * Disassembles the executable sections of `image` (whose file bytes are `file`) into lines of
 * objdump -d's body, from `Disassembly of section` on. Pure; never throws for any section
 * contents.
 */
export function disassembleElf(image: ElfImage, file: Uint8Array, opts: ElfDisasmOptions = {}): string[] {
  const names = new ObjdumpSymbols(image);
  const out: string[] = [];
  let budget = opts.count ?? Infinity;
  image.sections.forEach((sec, index) => {
    if ((sec.flags & SHF_EXECINSTR) === 0 || sec.type === SHT_NOBITS || sec.size === 0) return;
    if (budget <= 0) return;
    out.push('', `Disassembly of section ${sec.name}:`);
    disassembleSection(image, file, sec, index, names, opts, out, () => --budget >= 0);
  });
  return out;
}

function disassembleSection(
  image: ElfImage, file: Uint8Array, sec: Section, index: number, names: ObjdumpSymbols,
  opts: ElfDisasmOptions, out: string[], take: () => boolean,
): void {
  const bytes = file.subarray(sec.offset, sec.offset + sec.size);
  const end = sec.addr + sec.size;
  const inSec = image.symbols.filter((s) => s.shndx === index && s.type !== 'section' && s.name !== '');
  const maps = inSec.filter(isMapping).map((s) => ({ addr: s.value >>> 0, mode: s.name[1] as Mode }))
    .sort((a, b) => a.addr - b.addr);
  const bounds = [...new Set(inSec.map((s) => s.value >>> 0))].sort((a, b) => a - b);
  let zeros = 0;
  const endHex = (end >>> 0).toString(16).padStart(8, '0');
  while (endHex[zeros] === '0') zeros++;
  const skip = zeros === 0 ? 0 : (zeros - 1) & -4;
  const addrCol = (a: number): string => a.toString(16).padStart(8, '0').slice(skip).replace(/^0+(?=.)/, (z) => ' '.repeat(z.length));
  const modeAt = (a: number): Mode => {
    let m: Mode = opts.thumb === true ? 't' : 'a';
    for (const e of maps) { if (e.addr <= a) m = e.mode; else break; }
    return m;
  };
  const nextBound = (a: number): number => bounds.find((b) => b > a) ?? end;
  // objdump disassembles symbol to symbol; mapping symbols do not split those ranges.
  const labels = [...new Set(inSec.filter((s) => !isMapping(s)).map((s) => s.value >>> 0))].sort((a, b) => a - b);
  const nextLabel = (a: number): number => labels.find((b) => b > a) ?? end;
  let pc = sec.addr;
  let lastLabel = -1;
  while (pc < end) {
    const label = names.labelAt(pc);
    const show = opts.start === undefined || pc >= opts.start;
    if (show && label !== undefined && lastLabel !== pc) {
      out.push('', `${pc.toString(16).padStart(8, '0')} <${label}>:`);
      lastLabel = pc;
    }
    const at = pc - sec.addr;
    // objdump (without -z) elides zero runs: 8 or more bytes (a multiple of 4 unless the run
    // reaches the next symbol), or fewer than 3 bytes that end at the next symbol.
    const stop = nextLabel(pc);
    let z = pc;
    while (z < stop && bytes[z - sec.addr] === 0) z++;
    if (z - pc >= 8 || (z === stop && z > pc && z - pc < 3)) {
      if (z !== stop) z = pc + ((z - pc) & ~3);
      if (show) {
        if (!take()) return;
        out.push('\t...');
      }
      pc = z;
      continue;
    }
    const mode = modeAt(pc);
    let size: number;
    let text: string;
    let chunk: number;
    if (mode === 'd') {
      size = Math.min(4 - (pc & 3), nextBound(pc) - pc, end - pc);
      if (size === 3) size = (pc & 1) !== 0 ? 1 : 2;
      chunk = size;
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[at + i]!;
      const dir = size === 4 ? '.word' : size === 2 ? '.short' : '.byte';
      text = `${dir}\t0x${v.toString(16).padStart(size * 2, '0')}`;
    } else if (mode === 't') {
      const insn = bytes[at]! | (bytes[at + 1]! << 8);
      const next = pc + 2 < end ? bytes[at + 2]! | (bytes[at + 3]! << 8) : undefined;
      const r = disassembleThumbSized(insn, pc, next, names);
      size = r.size;
      text = r.text;
      chunk = 2;
    } else {
      const insn = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
      size = 4;
      text = disassembleArm(insn, pc, names);
      chunk = 4;
    }
    if (show) {
      if (!take()) return;
      out.push(`${addrCol(pc)}:\t${hexColumn(bytes, at, size, chunk)}\t${text}`);
    }
    pc += size;
  }
}

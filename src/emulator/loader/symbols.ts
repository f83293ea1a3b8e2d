import type { ElfImage, ElfSymbol, VAddr } from './elf.ts';

/** SHF_EXECINSTR: the section holds instructions. */
const SHF_EXECINSTR = 0x4;

/** A code address resolved to the symbol that holds it. */
export interface SymbolHit {
  readonly symbol: ElfSymbol;
  /** Address of the symbol's first instruction (Thumb bit cleared). */
  readonly addr: VAddr;
  /** Bytes from `addr` to the looked-up address. */
  readonly offset: number;
}

/**
 * Address-to-name lookup for traces and debuggers, over an ELF's symbol table.
 *
 * Invariants:
 *  1. Only code labels take part in lookup(): STT_FUNC symbols and STT_NOTYPE labels defined in an
 *     executable section (assembly labels have no type). Mapping symbols ($a, $t, $d), labels in
 *     data sections, and section, file and object symbols never do.
 *  2. `sorted` is ordered by address (Thumb bit cleared); at one address a global FUNC wins over a
 *     local one, and any FUNC wins over a NOTYPE label, so the most descriptive name is reported.
 */
export class Symbols {
  private readonly sorted: { addr: number; sym: ElfSymbol }[];
  private readonly names = new Map<string, ElfSymbol>();

  /** Indexes the symbol table of `image` (as returned by parseElf). */
  constructor(image: Pick<ElfImage, 'symbols' | 'sections'>) {
    const code: { addr: number; sym: ElfSymbol; rank: number }[] = [];
    const inCode = (shndx: number): boolean =>
      ((image.sections[shndx]?.flags ?? 0) & SHF_EXECINSTR) !== 0;
    for (const sym of image.symbols) {
      if (sym.name === '' || sym.name.startsWith('$')) continue;
      const prev = this.names.get(sym.name);
      if (prev === undefined || (prev.bind === 'local' && sym.bind !== 'local')) this.names.set(sym.name, sym);
      const isCode = sym.type === 'func' || (sym.type === 'notype' && inCode(sym.shndx));
      if (!isCode) continue;
      const rank = (sym.type === 'func' ? 2 : 0) + (sym.bind === 'local' ? 0 : 1);
      code.push({ addr: codeAddr(sym), sym, rank });
    }
    code.sort((a, b) => a.addr - b.addr || b.rank - a.rank);
    this.sorted = [];
    for (const c of code) {
      const last = this.sorted[this.sorted.length - 1];
      if (last !== undefined && last.addr === c.addr) continue;
      this.sorted.push({ addr: c.addr, sym: c.sym });
    }
  }

  /**
   * The code symbol holding `addr`: the nearest one at or below it. Returns undefined when there
   * is none, or when the nearest has a size and `addr` lies past its end (padding, or code the
   * symbol table does not name).
   */
  lookup(addr: VAddr): SymbolHit | undefined {
    const a = addr >>> 0;
    const s = this.sorted;
    let lo = 0;
    let hi = s.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]!.addr <= a) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return undefined;
    const e = s[found]!;
    const offset = a - e.addr;
    if (e.sym.size !== 0 && offset >= e.sym.size) return undefined;
    return { symbol: e.sym, addr: e.addr, offset };
  }

  /** The symbol named `name` (a global definition preferred over a local one), or undefined. */
  byName(name: string): ElfSymbol | undefined {
    return this.names.get(name);
  }

  /** `name` or `name+0xoff` for `addr`, or undefined when no symbol holds it. */
  describe(addr: VAddr): string | undefined {
    const hit = this.lookup(addr);
    if (hit === undefined) return undefined;
    return hit.offset === 0 ? hit.symbol.name : `${hit.symbol.name}+0x${hit.offset.toString(16)}`;
  }
}

/** A code symbol's first byte: STT_FUNC values carry the Thumb bit in bit 0 (ARM ELF ABI). */
function codeAddr(sym: ElfSymbol): number {
  return sym.type === 'func' ? (sym.value & ~1) >>> 0 : sym.value >>> 0;
}

/**
 * Operand spelling shared by the ARM and Thumb disassemblers, as GNU objdump (binutils 2.40,
 * arm-dis.c, default `reg-names-std` with the APCS aliases it applies) prints it:
 *
 *   registers   r0..r9, sl, fp, ip, sp, lr, pc        (objdump's default names, not r10..r15)
 *   conditions  eq ne cs cc mi pl vs vc hi ls ge lt gt le, and nothing for AL
 *   immediates  #n in decimal, signed where objdump prints %d
 *   addresses   hex without 0x and ` <sym+0xoff>` when a symbol table is given, else 0x...
 *   comments    a tab, then `@ ...`
 */

/** Register names by number, as objdump prints them by default. */
export const REG: readonly string[] = [
  'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc',
];

/** Condition suffixes by condition field; AL (14) prints nothing, 15 has no suffix either. */
export const COND: readonly string[] = [
  'eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', '',
];

/**
 * Names code addresses for branch targets and PC-relative comments. `describe` returns
 * `name` or `name+0xoff` for the symbol that objdump would name, or undefined for none.
 * The loader's Symbols class satisfies this interface; czemu disasm uses ObjdumpSymbols.
 */
export interface AddressNames {
  describe(addr: number): string | undefined;
}

/** The objdump comment that follows an instruction: a tab, `@`, a space and the text. */
export function comment(text: string): string {
  return `\t@ ${text}`;
}

/**
 * Formats absolute address `addr` the way objdump's print_address_func does: with a symbol
 * table, bare hex plus ` <name+0xoff>` (or nothing when no symbol precedes it); without one,
 * `0x` and hex.
 */
export function formatAddress(addr: number, names?: AddressNames): string {
  const a = addr >>> 0;
  if (names === undefined) return `0x${a.toString(16)}`;
  const d = names.describe(a);
  return d === undefined ? a.toString(16) : `${a.toString(16)} <${d}>`;
}

/** `{r0, r4, lr}`: a register list from a bit mask (bit n = register n), no ranges. */
export function regList(mask: number): string {
  const regs: string[] = [];
  for (let r = 0; r < 16; r++) if ((mask & (1 << r)) !== 0) regs.push(REG[r]!);
  return `{${regs.join(', ')}}`;
}

/** Number of set bits in the low 16 bits of `mask`. */
export function popcount16(mask: number): number {
  let n = 0;
  for (let m = mask & 0xffff; m !== 0; m &= m - 1) n++;
  return n;
}

/** `0x` and `v` as unsigned 32-bit hex, at least `digits` wide (objdump's %0Nx). */
export function hex(v: number, digits = 0): string {
  return `0x${(v >>> 0).toString(16).padStart(digits, '0')}`;
}

/**
 * objdump's trailing value comment for an immediate or offset: printed only when the value lies
 * outside [-16, 32], where the decimal operand may not be obvious as a bit pattern.
 */
export function valueComment(v: number): string {
  return v > 32 || v < -16 ? comment(hex(v)) : '';
}

/** The marker objdump appends to encodings whose operands the ARM ARM calls UNPREDICTABLE. */
export const UNPREDICTABLE = comment('<UNPREDICTABLE>');

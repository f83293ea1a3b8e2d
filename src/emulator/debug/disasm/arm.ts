import { armEntry, type ArmClass } from '../../cpu/arm/decode.ts';
import {
  COND, REG, UNPREDICTABLE, comment, formatAddress, hex, popcount16, regList, valueComment,
  type AddressNames,
} from './format.ts';

/**
 * The ARM-state disassembler. It asks the executor's decode table (armEntry) which class a word
 * belongs to and only then formats the operands of that class, so the text always names what
 * czemu executes. The spelling is GNU objdump's (binutils 2.40, unified syntax):
 *
 *   mnemonic  base + `s` + condition (`addsne`), `p` for TST..CMN with Rd = PC (`tstp`)
 *   MOV       with a shift prints as the shift (`lsl r0, r1, #2`, `rrx r0, r1`); MOV r0, r0 (AL)
 *             as `nop\t\t\t@ (mov r0, r0)`
 *   LDM/STM   `ldm`/`stm` for IA without writeback or `^` (stm) / any IA (ldm), else the suffix;
 *             push/pop for SP with writeback, `stmfd`/`ldmfd` when one register
 *   UNDEFINED `\t\t@ <UNDEFINED> instruction: 0x........`
 */

const SHIFT = ['lsl', 'lsr', 'asr', 'ror'] as const;

/** What objdump prints for a word it (and czemu) treats as UNDEFINED. */
export function undefinedArm(insn: number): string {
  return `\t${comment(`<UNDEFINED> instruction: ${hex(insn, 8)}`)}`;
}

/** `Rm`, `Rm, lsl #n`, `Rm, lsr #32`, `Rm, rrx` or `Rm, lsl Rs`: the register shifter operand. */
function shifterReg(insn: number): string {
  const rm = REG[insn & 15]!;
  const type = (insn >>> 5) & 3;
  if ((insn & 0x10) !== 0) return `${rm}, ${SHIFT[type]!} ${REG[(insn >>> 8) & 15]!}`;
  const amount = (insn >>> 7) & 31;
  if (amount === 0) {
    if (type === 0) return rm;
    if (type === 3) return `${rm}, rrx`;
    return `${rm}, ${SHIFT[type]!} #32`;
  }
  return `${rm}, ${SHIFT[type]!} #${amount}`;
}

/**
 * The rotated 8-bit immediate: `#value` (signed decimal) when the encoding uses the smallest
 * rotation that reaches the value, else `#imm8, rot` as objdump spells non-canonical ones; then
 * the value comment.
 */
function immediate(insn: number): string {
  const rot = (insn >>> 7) & 30;
  const imm8 = insn & 0xff;
  const value = ((imm8 >>> rot) | (imm8 << ((32 - rot) & 31))) >>> 0;
  let canonical = 0;
  while (canonical < 32 && ((value << canonical) | (value >>> ((32 - canonical) & 31))) >>> 0 > 0xff) {
    canonical += 2;
  }
  const text = canonical !== rot ? `#${imm8}, ${rot}` : `#${value | 0}`;
  return text + valueComment(value | 0);
}

const DP_TEST = new Set<ArmClass>(['tst', 'teq', 'cmp', 'cmn']);

function dataProcessing(insn: number, cls: ArmClass, cond: string): string {
  const s = (insn & 0x00100000) !== 0;
  const rd = REG[(insn >>> 12) & 15]!;
  const rn = REG[(insn >>> 16) & 15]!;
  const isImm = (insn & 0x02000000) !== 0;
  // A register-specified shift reads Rd, Rn or Rm as PC: UNPREDICTABLE (Rs = PC objdump lets by).
  const bad = !isImm && (insn & 0x10) !== 0 && isPc(insn, 12, 16, 0) ? UNPREDICTABLE : '';
  const op2 = (isImm ? immediate(insn) : shifterReg(insn)) + bad;
  if (DP_TEST.has(cls)) {
    const p = ((insn >>> 12) & 15) === 15 ? 'p' : '';
    return `${cls}${p}${cond}\t${rn}, ${op2}`;
  }
  const sfx = `${s ? 's' : ''}${cond}`;
  if (cls === 'mov' || cls === 'mvn') {
    if (cls === 'mov' && !isImm && (insn & 0xff0) !== 0) {
      // Unified syntax spells a shifted MOV as the shift itself.
      const type = (insn >>> 5) & 3;
      const rm = REG[insn & 15]!;
      if ((insn & 0x10) !== 0) return `${SHIFT[type]!}${sfx}\t${rd}, ${rm}, ${REG[(insn >>> 8) & 15]!}${bad}`;
      const amount = (insn >>> 7) & 31;
      if (type === 3 && amount === 0) return `rrx${sfx}\t${rd}, ${rm}`;
      return `${SHIFT[type]!}${sfx}\t${rd}, ${rm}, #${amount === 0 ? 32 : amount}`;
    }
    if (insn >>> 0 === 0xe1a00000) return 'nop\t\t\t@ (mov r0, r0)';
    return `${cls}${sfx}\t${rd}, ${op2}`;
  }
  return `${cls}${sfx}\t${rd}, ${rn}, ${op2}`;
}

/**
 * Word and byte transfers (addressing mode 2). `pc` names the instruction's address for the
 * PC-relative comment.
 */
function loadStore(insn: number, cls: ArmClass, cond: string, pc: number, names?: AddressNames): string {
  const rdN = (insn >>> 12) & 15;
  const rnN = (insn >>> 16) & 15;
  const p = (insn & 0x01000000) !== 0;
  const u = (insn & 0x00800000) !== 0;
  const w = (insn & 0x00200000) !== 0;
  const reg = (insn & 0x02000000) !== 0;
  const rn = REG[rnN]!;
  // Single-register push and pop: STR Rd, [sp, #-4]! and LDR Rd, [sp], #4.
  if (cls === 'str' && (insn & 0x0fff0fff) === 0x052d0004) {
    return `push${cond}\t{${REG[rdN]!}}\t\t@ (str${cond} ${REG[rdN]!}, [sp, #-4]!)`;
  }
  if (cls === 'ldr' && (insn & 0x0fff0fff) === 0x049d0004) {
    return `pop${cond}\t{${REG[rdN]!}}\t\t@ (ldr${cond} ${REG[rdN]!}, [sp], #4)`;
  }
  const mnem = `${cls}${cond}`;
  const head = cls === 'pld' ? `${mnem}\t` : `${mnem}\t${REG[rdN]!}, `;
  let addr: string;
  let tail = '';
  if (!reg) {
    const off = insn & 0xfff;
    const signed = u ? off : -off;
    const sign = u ? '' : '-';
    if (p) addr = off === 0 && u ? `[${rn}]${w ? '!' : ''}` : `[${rn}, #${sign}${off}]${w ? '!' : ''}`;
    else addr = `[${rn}], #${sign}${off}`;
    if (rnN === 15) tail = comment(formatAddress(pc + 8 + (p ? signed : 0), names));
    else tail = valueComment(signed);
  } else {
    const sign = u ? '' : '-';
    const rm = shifterReg(insn & ~0x10);
    addr = p ? `[${rn}, ${sign}${rm}]${w ? '!' : ''}` : `[${rn}], ${sign}${rm}`;
  }
  // objdump flags Rd = PC for the byte forms and LDRT, not for LDR/STR/STRT.
  const unpredictable = rdN === 15 && cls !== 'ldr' && cls !== 'str' && cls !== 'strt' && cls !== 'pld';
  return `${head}${addr}${tail}${unpredictable ? UNPREDICTABLE : ''}`;
}

/** Halfword, signed and doubleword transfers (addressing mode 3). */
function halfword(insn: number, cls: ArmClass, cond: string, pc: number, names?: AddressNames): string {
  const rdN = (insn >>> 12) & 15;
  const rnN = (insn >>> 16) & 15;
  const p = (insn & 0x01000000) !== 0;
  const u = (insn & 0x00800000) !== 0;
  const w = (insn & 0x00200000) !== 0;
  const rn = REG[rnN]!;
  const sign = u ? '' : '-';
  let addr: string;
  let tail = '';
  let unpredictable = !p && w;
  if ((insn & 0x00400000) !== 0) {
    const off = ((insn >>> 4) & 0xf0) | (insn & 15);
    const signed = u ? off : -off;
    // objdump prints a PC base as a plain PC-relative load, without the writeback mark.
    const bang = w && rnN !== 15 ? '!' : '';
    if (p) addr = off === 0 && u ? `[${rn}]${bang}` : `[${rn}, #${sign}${off}]${bang}`;
    else addr = `[${rn}], #${sign}${off}`;
    if (rnN === 15 && p) tail = comment(formatAddress(pc + 8 + signed, names));
    else if (rnN === 15) unpredictable = true;
    else tail = valueComment(signed);
  } else {
    const rmN = insn & 15;
    const rm = REG[rmN]!;
    if ((cls === 'ldrd' || cls === 'strd') && rmN === rdN) unpredictable = true;
    addr = p ? `[${rn}, ${sign}${rm}]${w ? '!' : ''}` : `[${rn}], ${sign}${rm}`;
  }
  return `${cls}${cond}\t${REG[rdN]!}, ${addr}${tail}${unpredictable ? UNPREDICTABLE : ''}`;
}

function blockTransfer(insn: number, cls: ArmClass, cond: string): string {
  const rnN = (insn >>> 16) & 15;
  const list = insn & 0xffff;
  const w = (insn & 0x00200000) !== 0;
  const caret = (insn & 0x00400000) !== 0 ? '^' : '';
  const pu = (insn >>> 23) & 3;
  const load = cls === 'ldm';
  if (rnN === 13 && w && caret === '' && pu === (load ? 1 : 2)) {
    if (popcount16(list) === 1) return `${load ? 'ldmfd' : 'stmfd'}${cond}\tsp!, ${regList(list)}`;
    return `${load ? 'pop' : 'push'}${cond}\t${regList(list)}`;
  }
  const mode = ['da', 'ia', 'db', 'ib'][pu]!;
  const plain = pu === 1 && (load || (!w && caret === ''));
  const mnem = plain ? cls : `${cls}${mode}`;
  const unpredictable = rnN === 15 || list === 0;
  return `${mnem}${cond}\t${REG[rnN]!}${w ? '!' : ''}, ${regList(list)}${caret}${unpredictable ? UNPREDICTABLE : ''}`;
}

const XY = (insn: number, bit: number): string => ((insn & (1 << bit)) !== 0 ? 't' : 'b');
const R = (insn: number, lsb: number): string => REG[(insn >>> lsb) & 15]!;
const isPc = (insn: number, ...lsbs: number[]): boolean => lsbs.some((l) => ((insn >>> l) & 15) === 15);

function multiply(insn: number, cls: ArmClass, cond: string): string {
  const s = (insn & 0x00100000) !== 0 ? 's' : '';
  let text: string;
  let bad: boolean;
  switch (cls) {
    case 'mul':
      text = `mul${s}${cond}\t${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}`;
      bad = isPc(insn, 16, 0, 8);
      break;
    case 'mla':
      text = `mla${s}${cond}\t${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}, ${R(insn, 12)}`;
      bad = isPc(insn, 16, 0, 8, 12);
      break;
    case 'smla':
      text = `smla${XY(insn, 5)}${XY(insn, 6)}${cond}\t${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}, ${R(insn, 12)}`;
      bad = isPc(insn, 16, 0, 8, 12);
      break;
    case 'smlaw':
      text = `smlaw${XY(insn, 6)}${cond}\t${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}, ${R(insn, 12)}`;
      bad = isPc(insn, 16, 0, 8, 12);
      break;
    case 'smulw':
      text = `smulw${XY(insn, 6)}${cond}\t${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}`;
      bad = isPc(insn, 16, 0, 8);
      break;
    case 'smul':
      text = `smul${XY(insn, 5)}${XY(insn, 6)}${cond}\t${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}`;
      bad = isPc(insn, 16, 0, 8);
      break;
    case 'smlalxy':
      text = `smlal${XY(insn, 5)}${XY(insn, 6)}${cond}\t${R(insn, 12)}, ${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}`;
      bad = isPc(insn, 12, 16, 0, 8) || ((insn >>> 12) & 15) === ((insn >>> 16) & 15);
      break;
    default: // umull umlal smull smlal
      text = `${cls}${s}${cond}\t${R(insn, 12)}, ${R(insn, 16)}, ${R(insn, 0)}, ${R(insn, 8)}`;
      bad = isPc(insn, 12, 16, 0, 8) || ((insn >>> 12) & 15) === ((insn >>> 16) & 15);
  }
  return bad ? text + UNPREDICTABLE : text;
}

/** `CPSR_fsxc`: the PSR and field mask of MSR, fields in objdump's f s x c order. */
function psrFields(insn: number): string {
  const psr = (insn & 0x00400000) !== 0 ? 'SPSR' : 'CPSR';
  const f = (insn >>> 16) & 15;
  return `${psr}_${f & 8 ? 'f' : ''}${f & 4 ? 's' : ''}${f & 2 ? 'x' : ''}${f & 1 ? 'c' : ''}`;
}

/** Coprocessor load/store address (LDC/STC): offsets are words, printed in bytes. */
function coprocAddress(insn: number, pc: number, names?: AddressNames): string {
  const rnN = (insn >>> 16) & 15;
  const rn = REG[rnN]!;
  const p = (insn & 0x01000000) !== 0;
  const u = (insn & 0x00800000) !== 0;
  const w = (insn & 0x00200000) !== 0;
  const off = (insn & 0xff) * 4;
  const signed = u ? off : -off;
  const sign = u ? '' : '-';
  if (!p && !w) return `[${rn}], {${insn & 0xff}}${valueComment(insn & 0xff)}`;
  const note = rnN === 15 ? comment(formatAddress(pc + 8 + signed, names)) : valueComment(signed);
  // A zero up offset prints as [Rn], writeback or not.
  if (p) return off === 0 && u ? `[${rn}]${note}` : `[${rn}, #${sign}${off}]${w ? '!' : ''}${note}`;
  // Unlike LDR, objdump's post-indexed LDC/STC comment adds the offset to PC + 8.
  return `[${rn}], #${sign}${off}${note}`;
}

/**
 * Disassembles ARM word `insn` at address `addr` as objdump -d prints the instruction column
 * (the text after the hex word and tab). `names` resolves branch targets and PC-relative
 * addresses to `<symbol+0xoff>`; without it they print as `0x...`. Never throws: every word has
 * a text, UNDEFINED ones objdump's `<UNDEFINED> instruction:` line.
 */
export function disassembleArm(insn: number, addr: number, names?: AddressNames): string {
  insn >>>= 0;
  const cls = armEntry(insn).cls;
  const cond = COND[insn >>> 28]!;
  switch (cls) {
    case 'and': case 'eor': case 'sub': case 'rsb': case 'add': case 'adc': case 'sbc': case 'rsc':
    case 'tst': case 'teq': case 'cmp': case 'cmn': case 'orr': case 'mov': case 'bic': case 'mvn':
      return dataProcessing(insn, cls, cond);
    case 'mul': case 'mla': case 'umull': case 'umlal': case 'smull': case 'smlal':
    case 'smla': case 'smlaw': case 'smulw': case 'smlalxy': case 'smul':
      return multiply(insn, cls, cond);
    case 'qadd': case 'qsub': case 'qdadd': case 'qdsub': {
      const t = `${cls}${cond}\t${R(insn, 12)}, ${R(insn, 0)}, ${R(insn, 16)}`;
      return isPc(insn, 12, 0, 16) ? t + UNPREDICTABLE : t;
    }
    case 'clz':
      return `clz${cond}\t${R(insn, 12)}, ${R(insn, 0)}${isPc(insn, 12, 0) ? UNPREDICTABLE : ''}`;
    case 'mrs':
      return `mrs${cond}\t${R(insn, 12)}, ${(insn & 0x00400000) !== 0 ? 'SPSR' : 'CPSR'}${isPc(insn, 12) ? UNPREDICTABLE : ''}`;
    case 'msr':
      return (insn & 0x02000000) !== 0
        ? `msr${cond}\t${psrFields(insn)}, ${immediate(insn)}`
        : `msr${cond}\t${psrFields(insn)}, ${R(insn, 0)}`;
    case 'bx':
      return `bx${cond}\t${R(insn, 0)}`;
    case 'blx-reg':
      return `blx${cond}\t${R(insn, 0)}`;
    case 'bkpt':
      return `bkpt\t${hex(((insn >>> 4) & 0xfff0) | (insn & 15), 4)}`;
    case 'swp': case 'swpb': {
      const bad = isPc(insn, 12, 0, 16) || ((insn >>> 16) & 15) === ((insn >>> 12) & 15)
        || ((insn >>> 16) & 15) === (insn & 15);
      return `${cls}${cond}\t${R(insn, 12)}, ${R(insn, 0)}, [${R(insn, 16)}]${bad ? UNPREDICTABLE : ''}`;
    }
    case 'ldrh': case 'strh': case 'ldrsb': case 'ldrsh': case 'ldrd': case 'strd':
      return halfword(insn, cls, cond, addr, names);
    case 'ldr': case 'str': case 'ldrb': case 'strb': case 'ldrt': case 'strt': case 'ldrbt':
    case 'strbt': case 'pld':
      return loadStore(insn, cls, cond, addr, names);
    case 'ldm': case 'stm':
      return blockTransfer(insn, cls, cond);
    case 'b': case 'bl': {
      const target = addr + 8 + ((insn << 8) >> 6);
      return `${cls}${cond}\t${formatAddress(target, names)}`;
    }
    case 'blx-imm': {
      const target = addr + 8 + ((insn << 8) >> 6) + ((insn >>> 23) & 2);
      return `blx\t${formatAddress(target, names)}`;
    }
    case 'swi':
      return `svc${cond}\t${hex(insn & 0xffffff, 8)}`;
    case 'mcr': case 'mrc': {
      const rd = cls === 'mrc' && ((insn >>> 12) & 15) === 15 ? 'APSR_nzcv' : R(insn, 12);
      return `${cls}${cond}\t${(insn >>> 8) & 15}, ${(insn >>> 21) & 7}, ${rd}, cr${(insn >>> 16) & 15}, cr${insn & 15}, {${(insn >>> 5) & 7}}`;
    }
    case 'cdp':
      return `cdp${cond}\t${(insn >>> 8) & 15}, ${(insn >>> 20) & 15}, cr${(insn >>> 12) & 15}, cr${(insn >>> 16) & 15}, cr${insn & 15}, {${(insn >>> 5) & 7}}`;
    case 'ldc': case 'stc':
      return `${cls}${(insn & 0x00400000) !== 0 ? 'l' : ''}${cond}\t${(insn >>> 8) & 15}, cr${(insn >>> 12) & 15}, ${coprocAddress(insn, addr, names)}`;
    case 'mcrr': case 'mrrc':
      return `${cls}${cond}\t${(insn >>> 8) & 15}, ${(insn >>> 4) & 15}, ${R(insn, 12)}, ${R(insn, 16)}, cr${insn & 15}${cls === 'mrrc' && isPc(insn, 12, 16) ? UNPREDICTABLE : ''}`;
    case 'undefined':
      // The permanently undefined space (AL only), which objdump names UDF.
      if (((insn & 0xfff000f0) >>> 0) === 0xe7f000f0) return `udf\t#${((insn >>> 4) & 0xfff0) | (insn & 15)}`;
      return undefinedArm(insn);
  }
}

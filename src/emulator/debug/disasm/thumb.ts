import { classifyThumb } from '../../cpu/thumb/decode.ts';
import { COND, REG, comment, formatAddress, hex, regList, valueComment, type AddressNames } from './format.ts';

/**
 * The Thumb-state disassembler: classifyThumb (the executor's 1024-slot table) names the class,
 * this file spells it as GNU objdump 2.40 does for ARMv5TE Thumb (unified syntax: flag-setting
 * forms carry `s`, conditional branches `.n`, LSL #0 prints as `movs`). A BL/BLX pair needs the
 * following halfword; a lone half prints as czemu executes it would be misleading, so it prints
 * as objdump's UNDEFINED line.
 */

const r = (insn: number, lsb: number): string => REG[(insn >>> lsb) & 7]!;

/** What objdump prints for a Thumb halfword (or pair) it cannot decode. */
export function undefinedThumb(insn: number, width: 16 | 32 = 16): string {
  return `\t${comment(`<UNDEFINED> instruction: ${hex(insn, width / 4)}`)}`;
}

/** Whether `insn` opens a BL/BLX pair (it and the next halfword make one 4-byte instruction). */
export function isThumbPairPrefix(insn: number): boolean {
  return classifyThumb(insn) === 'BL_prefix';
}

const ALU_NAMES: Record<string, string> = {
  AND: 'ands', EOR: 'eors', LSL_reg: 'lsls', LSR_reg: 'lsrs', ASR_reg: 'asrs', ADC: 'adcs',
  SBC: 'sbcs', ROR: 'rors', TST: 'tst', NEG: 'negs', CMP_reg: 'cmp', CMN: 'cmn', ORR: 'orrs',
  MUL: 'muls', BIC: 'bics', MVN: 'mvns',
};

/**
 * Disassembles Thumb halfword `insn` at `addr` as objdump -d prints its instruction column.
 * For a BL/BLX prefix, `next` must be the following halfword: the pair prints as one `bl`/`blx`
 * (4 bytes). Returns the text and the instruction's size in bytes. Never throws.
 */
export function disassembleThumbSized(
  insn: number, addr: number, next?: number, names?: AddressNames,
): { text: string; size: 2 | 4 } {
  insn &= 0xffff;
  const cls = classifyThumb(insn);
  const text = (t: string): { text: string; size: 2 } => ({ text: t, size: 2 });
  const imm5 = (insn >>> 6) & 31;
  switch (cls) {
    case 'LSL_imm':
      return text(imm5 === 0 ? `movs\t${r(insn, 0)}, ${r(insn, 3)}` : `lsls\t${r(insn, 0)}, ${r(insn, 3)}, #${imm5}`);
    case 'LSR_imm':
      return text(`lsrs\t${r(insn, 0)}, ${r(insn, 3)}, #${imm5 === 0 ? 32 : imm5}`);
    case 'ASR_imm':
      return text(`asrs\t${r(insn, 0)}, ${r(insn, 3)}, #${imm5 === 0 ? 32 : imm5}`);
    case 'ADD_reg': case 'SUB_reg':
      return text(`${cls === 'ADD_reg' ? 'adds' : 'subs'}\t${r(insn, 0)}, ${r(insn, 3)}, ${r(insn, 6)}`);
    case 'ADD_imm3': case 'SUB_imm3':
      return text(`${cls === 'ADD_imm3' ? 'adds' : 'subs'}\t${r(insn, 0)}, ${r(insn, 3)}, #${(insn >>> 6) & 7}`);
    case 'MOV_imm8': case 'CMP_imm8': case 'ADD_imm8': case 'SUB_imm8': {
      const name = { MOV_imm8: 'movs', CMP_imm8: 'cmp', ADD_imm8: 'adds', SUB_imm8: 'subs' }[cls];
      return text(`${name}\t${r(insn, 8)}, #${insn & 0xff}${valueComment(insn & 0xff)}`);
    }
    case 'AND': case 'EOR': case 'LSL_reg': case 'LSR_reg': case 'ASR_reg': case 'ADC': case 'SBC':
    case 'ROR': case 'TST': case 'NEG': case 'CMP_reg': case 'CMN': case 'ORR': case 'MUL':
    case 'BIC': case 'MVN':
      return text(`${ALU_NAMES[cls]!}\t${r(insn, 0)}, ${r(insn, 3)}`);
    case 'ADD_hi': case 'CMP_hi': case 'MOV_hi': {
      const rd = REG[(insn & 7) | ((insn >>> 4) & 8)]!;
      const rm = REG[(insn >>> 3) & 15]!;
      if (insn === 0x46c0) return text('nop\t\t\t@ (mov r8, r8)');
      return text(`${{ ADD_hi: 'add', CMP_hi: 'cmp', MOV_hi: 'mov' }[cls]}\t${rd}, ${rm}`);
    }
    case 'BX': case 'BLX_reg':
      return text(`${cls === 'BX' ? 'bx' : 'blx'}\t${REG[(insn >>> 3) & 15]!}`);
    case 'LDR_pc': {
      const off = (insn & 0xff) * 4;
      const target = ((addr + 4) & ~3) + off;
      return text(`ldr\t${r(insn, 8)}, [pc, #${off}]\t@ (${formatAddress(target, names)})`);
    }
    case 'STR_reg': case 'STRH_reg': case 'STRB_reg': case 'LDRSB_reg': case 'LDR_reg':
    case 'LDRH_reg': case 'LDRB_reg': case 'LDRSH_reg':
      return text(`${cls.slice(0, -4).toLowerCase()}\t${r(insn, 0)}, [${r(insn, 3)}, ${r(insn, 6)}]`);
    case 'STR_imm': case 'LDR_imm': case 'STRB_imm': case 'LDRB_imm': case 'STRH_imm': case 'LDRH_imm': {
      const scale = cls.startsWith('STRB') || cls.startsWith('LDRB') ? 1 : cls.startsWith('STRH') || cls.startsWith('LDRH') ? 2 : 4;
      const off = imm5 * scale;
      return text(`${cls.slice(0, -4).toLowerCase()}\t${r(insn, 0)}, [${r(insn, 3)}, #${off}]${valueComment(off)}`);
    }
    case 'STR_sp': case 'LDR_sp': {
      const off = (insn & 0xff) * 4;
      return text(`${cls === 'STR_sp' ? 'str' : 'ldr'}\t${r(insn, 8)}, [sp, #${off}]${valueComment(off)}`);
    }
    case 'ADD_pc': {
      const off = (insn & 0xff) * 4;
      const target = ((addr + 4) & ~3) + off;
      return text(`add\t${r(insn, 8)}, pc, #${off}\t@ (adr ${r(insn, 8)}, ${formatAddress(target, names)})`);
    }
    case 'ADD_sp': {
      const off = (insn & 0xff) * 4;
      return text(`add\t${r(insn, 8)}, sp, #${off}${valueComment(off)}`);
    }
    case 'ADD_sp_imm7': case 'SUB_sp_imm7': {
      const off = (insn & 0x7f) * 4;
      return text(`${cls === 'ADD_sp_imm7' ? 'add' : 'sub'}\tsp, #${off}${valueComment(off)}`);
    }
    case 'PUSH':
      return text(`push\t${regList((insn & 0xff) | ((insn & 0x100) << 6))}`);
    case 'POP':
      return text(`pop\t${regList((insn & 0xff) | ((insn & 0x100) << 7))}`);
    case 'STMIA':
      // objdump 2.40's Thumb table flags 0xC001-0xC003 with `<und>` (an entry for the
      // UNPREDICTABLE base-in-list case that matches only these three words).
      if (insn >= 0xc001 && insn <= 0xc003) return text(`stmia<und>\t${r(insn, 8)}!, ${regList(insn & 0xff)}`);
      return text(`stmia\t${r(insn, 8)}!, ${regList(insn & 0xff)}`);
    case 'LDMIA': {
      // The base is written back only when it is not in the list.
      const wb = (insn & (1 << ((insn >>> 8) & 7))) === 0 ? '!' : '';
      return text(`ldmia\t${r(insn, 8)}${wb}, ${regList(insn & 0xff)}`);
    }
    case 'B_cond':
      return text(`b${COND[(insn >>> 8) & 15]!}.n\t${formatAddress(addr + 4 + (((insn & 0xff) << 24) >> 23), names)}`);
    case 'SWI':
      return text(`svc\t${insn & 0xff}${valueComment(insn & 0xff)}`);
    case 'B':
      return text(`b.n\t${formatAddress(addr + 4 + (((insn & 0x7ff) << 21) >> 20), names)}`);
    case 'BKPT':
      return text(`bkpt\t${hex(insn & 0xff, 4)}`);
    case 'BL_prefix': {
      const suffix = next === undefined ? 'UNDEFINED' : classifyThumb(next);
      if (next === undefined || (suffix !== 'BL_suffix' && suffix !== 'BLX_suffix')) {
        return text(undefinedThumb(insn));
      }
      const offset = (((insn & 0x7ff) << 21) >> 9) + ((next & 0x7ff) << 1);
      let target = addr + 4 + offset;
      if (suffix === 'BLX_suffix') target &= ~3;
      return { text: `${suffix === 'BL_suffix' ? 'bl' : 'blx'}\t${formatAddress(target, names)}`, size: 4 };
    }
    case 'BL_suffix': case 'BLX_suffix': case 'UNDEFINED':
      return text(undefinedThumb(insn));
  }
}

/**
 * Disassembles Thumb halfword `insn` at `addr` (see disassembleThumbSized); `next` is the
 * following halfword, needed only for a BL/BLX pair. Returns objdump's instruction column.
 */
export function disassembleThumb(insn: number, addr: number, next?: number, names?: AddressNames): string {
  return disassembleThumbSized(insn, addr, next, names).text;
}

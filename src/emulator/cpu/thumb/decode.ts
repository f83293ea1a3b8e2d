/**
 * The Thumb decode table: one entry per value of instruction bits 15-6 (1024 slots), naming the
 * format/mnemonic class and its executor. The executor (decodeThumb) and the disassembler
 * (classifyThumb) read this same table, so they cannot disagree about an encoding.
 *
 * Bits 15-6 separate every ARMv5T Thumb class except a few that also depend on low bits; those
 * are refined by `refine()` for both readers:
 *   - BLX suffix (0xE800) with bit 0 set is UNDEFINED;
 *   - BX/BLX register with bits 2:0 (should-be-zero) not zero are UNPREDICTABLE; czemu makes them
 *     UNDEFINED so that a corrupt branch traps instead of guessing;
 *   - LDMIA/STMIA with an empty register list, and PUSH/POP with neither registers nor LR/PC,
 *     are UNPREDICTABLE in the ARM ARM; czemu makes them UNDEFINED (docs/thumb-behaviour.md).
 */
import type { Handler } from '../handler.ts';
import {
  adcReg, addHi, addImm3, addImm8, addPc, addReg, addSpImm, addSpRd, andReg, asrImm, asrReg,
  bicReg, cmnReg, cmpHi, cmpImm, cmpReg, eorReg, lslImm, lslReg, lsrImm, lsrReg, movHi, movImm,
  mulReg, mvnReg, negReg, orrReg, rorReg, sbcReg, subImm3, subImm8, subReg, subSpImm, tstReg,
} from './alu.ts';
import {
  bcond, bkpt, blPrefix, blSuffix, blxReg, blxSuffix, bUncond, bx, swi, undefinedThumb,
} from './branch.ts';
import {
  ldmia, ldrbImm, ldrbReg, ldrhImm, ldrhReg, ldrImm, ldrPc, ldrReg, ldrsbReg, ldrshReg, ldrSp,
  pop, push, stmia, strbImm, strbReg, strhImm, strhReg, strImm, strReg, strSp,
} from './loadstore.ts';

/** Format/mnemonic of a Thumb instruction, as named in ARM ARM chapter A7. */
export type ThumbClass =
  // shifts by immediate, ADD/SUB 3-operand, 8-bit immediate
  | 'LSL_imm' | 'LSR_imm' | 'ASR_imm'
  | 'ADD_reg' | 'SUB_reg' | 'ADD_imm3' | 'SUB_imm3'
  | 'MOV_imm8' | 'CMP_imm8' | 'ADD_imm8' | 'SUB_imm8'
  // register ALU operations (Rd = Rd op Rm)
  | 'AND' | 'EOR' | 'LSL_reg' | 'LSR_reg' | 'ASR_reg' | 'ADC' | 'SBC' | 'ROR'
  | 'TST' | 'NEG' | 'CMP_reg' | 'CMN' | 'ORR' | 'MUL' | 'BIC' | 'MVN'
  // high registers and branch-exchange
  | 'ADD_hi' | 'CMP_hi' | 'MOV_hi' | 'BX' | 'BLX_reg'
  // loads and stores
  | 'LDR_pc'
  | 'STR_reg' | 'STRH_reg' | 'STRB_reg' | 'LDRSB_reg' | 'LDR_reg' | 'LDRH_reg' | 'LDRB_reg'
  | 'LDRSH_reg'
  | 'STR_imm' | 'LDR_imm' | 'STRB_imm' | 'LDRB_imm' | 'STRH_imm' | 'LDRH_imm'
  | 'STR_sp' | 'LDR_sp'
  // address arithmetic
  | 'ADD_pc' | 'ADD_sp' | 'ADD_sp_imm7' | 'SUB_sp_imm7'
  // multiple transfers
  | 'PUSH' | 'POP' | 'STMIA' | 'LDMIA'
  // control flow and exceptions
  | 'B_cond' | 'SWI' | 'B' | 'BL_prefix' | 'BL_suffix' | 'BLX_suffix' | 'BKPT'
  | 'UNDEFINED';

const ALU_OPS: readonly ThumbClass[] = [
  'AND', 'EOR', 'LSL_reg', 'LSR_reg', 'ASR_reg', 'ADC', 'SBC', 'ROR',
  'TST', 'NEG', 'CMP_reg', 'CMN', 'ORR', 'MUL', 'BIC', 'MVN',
];
const HI_OPS: readonly ThumbClass[] = ['ADD_hi', 'CMP_hi', 'MOV_hi', 'BX'];
const REG_OFFSET: readonly ThumbClass[] = [
  'STR_reg', 'STRH_reg', 'STRB_reg', 'LDRSB_reg', 'LDR_reg', 'LDRH_reg', 'LDRB_reg', 'LDRSH_reg',
];
const IMM_OFFSET: readonly ThumbClass[] = ['STR_imm', 'LDR_imm', 'STRB_imm', 'LDRB_imm'];
const LONG_BRANCH: readonly ThumbClass[] = ['B', 'BLX_suffix', 'BL_prefix', 'BL_suffix'];

/**
 * Class of table slot `i` = instruction bits 15-6 (so bits 9-0 of `i` are bits 15-6 of the
 * instruction). Follows the format map of ARM ARM A7 / the Thumb instruction set encoding table.
 */
function classOfSlot(i: number): ThumbClass {
  const b = (hi: number, lo: number): number => (i >> (lo - 6)) & ((1 << (hi - lo + 1)) - 1);
  switch (b(15, 13)) {
    case 0: {
      const op = b(12, 11);
      if (op === 0) return 'LSL_imm';
      if (op === 1) return 'LSR_imm';
      if (op === 2) return 'ASR_imm';
      if (b(10, 10) === 0) return b(9, 9) === 0 ? 'ADD_reg' : 'SUB_reg';
      return b(9, 9) === 0 ? 'ADD_imm3' : 'SUB_imm3';
    }
    case 1:
      return (['MOV_imm8', 'CMP_imm8', 'ADD_imm8', 'SUB_imm8'] as const)[b(12, 11)]!;
    case 2:
      if (b(12, 10) === 0) return ALU_OPS[b(9, 6)]!;
      if (b(12, 10) === 1) {
        if (b(9, 8) === 3) return b(7, 7) === 0 ? 'BX' : 'BLX_reg';
        return HI_OPS[b(9, 8)]!;
      }
      if (b(12, 11) === 1) return 'LDR_pc';
      return REG_OFFSET[b(11, 9)]!;
    case 3:
      return IMM_OFFSET[b(12, 11)]!;
    case 4:
      if (b(12, 12) === 0) return b(11, 11) === 0 ? 'STRH_imm' : 'LDRH_imm';
      return b(11, 11) === 0 ? 'STR_sp' : 'LDR_sp';
    case 5: {
      if (b(12, 12) === 0) return b(11, 11) === 0 ? 'ADD_pc' : 'ADD_sp';
      const misc = b(11, 8);
      if (misc === 0) return b(7, 7) === 0 ? 'ADD_sp_imm7' : 'SUB_sp_imm7';
      if (misc === 4 || misc === 5) return 'PUSH';
      if (misc === 12 || misc === 13) return 'POP';
      if (misc === 14) return 'BKPT';
      return 'UNDEFINED';
    }
    case 6: {
      if (b(12, 12) === 0) return b(11, 11) === 0 ? 'STMIA' : 'LDMIA';
      const cond = b(11, 8);
      if (cond === 15) return 'SWI';
      return cond === 14 ? 'UNDEFINED' : 'B_cond';
    }
    default:
      return LONG_BRANCH[b(12, 11)]!;
  }
}

/** Executors by class; B_cond is resolved per condition from the slot. */
const EXECUTOR: Readonly<Record<Exclude<ThumbClass, 'B_cond'>, Handler>> = {
  LSL_imm: lslImm, LSR_imm: lsrImm, ASR_imm: asrImm,
  ADD_reg: addReg, SUB_reg: subReg, ADD_imm3: addImm3, SUB_imm3: subImm3,
  MOV_imm8: movImm, CMP_imm8: cmpImm, ADD_imm8: addImm8, SUB_imm8: subImm8,
  AND: andReg, EOR: eorReg, LSL_reg: lslReg, LSR_reg: lsrReg, ASR_reg: asrReg, ADC: adcReg,
  SBC: sbcReg, ROR: rorReg, TST: tstReg, NEG: negReg, CMP_reg: cmpReg, CMN: cmnReg, ORR: orrReg,
  MUL: mulReg, BIC: bicReg, MVN: mvnReg,
  ADD_hi: addHi, CMP_hi: cmpHi, MOV_hi: movHi, BX: bx, BLX_reg: blxReg,
  LDR_pc: ldrPc,
  STR_reg: strReg, STRH_reg: strhReg, STRB_reg: strbReg, LDRSB_reg: ldrsbReg, LDR_reg: ldrReg,
  LDRH_reg: ldrhReg, LDRB_reg: ldrbReg, LDRSH_reg: ldrshReg,
  STR_imm: strImm, LDR_imm: ldrImm, STRB_imm: strbImm, LDRB_imm: ldrbImm, STRH_imm: strhImm,
  LDRH_imm: ldrhImm, STR_sp: strSp, LDR_sp: ldrSp,
  ADD_pc: addPc, ADD_sp: addSpRd, ADD_sp_imm7: addSpImm, SUB_sp_imm7: subSpImm,
  PUSH: push, POP: pop, STMIA: stmia, LDMIA: ldmia,
  SWI: swi, B: bUncond, BL_prefix: blPrefix, BL_suffix: blSuffix, BLX_suffix: blxSuffix,
  BKPT: bkpt, UNDEFINED: undefinedThumb,
};

const SLOTS = 1024;
const CLASS_TABLE: ThumbClass[] = new Array<ThumbClass>(SLOTS);
const HANDLER_TABLE: Handler[] = new Array<Handler>(SLOTS);
for (let i = 0; i < SLOTS; i++) {
  const cls = classOfSlot(i);
  CLASS_TABLE[i] = cls;
  HANDLER_TABLE[i] = cls === 'B_cond' ? bcond[(i >> 2) & 15]! : EXECUTOR[cls];
}

/** Applies the low-bit exceptions to the slot class (see the file comment). */
function refine(insn: number, cls: ThumbClass): ThumbClass {
  switch (cls) {
    case 'BLX_suffix':
      return (insn & 1) !== 0 ? 'UNDEFINED' : cls;
    case 'BX':
    case 'BLX_reg':
      return (insn & 7) !== 0 ? 'UNDEFINED' : cls;
    case 'LDMIA':
    case 'STMIA':
      return (insn & 0xff) === 0 ? 'UNDEFINED' : cls;
    case 'PUSH':
    case 'POP':
      return (insn & 0x1ff) === 0 ? 'UNDEFINED' : cls;
    default:
      return cls;
  }
}

/**
 * Names the class of Thumb halfword `insn` (bits above 15 are ignored). Total: every halfword has
 * exactly one class, 'UNDEFINED' for the unallocated ones.
 */
export function classifyThumb(insn: number): ThumbClass {
  return refine(insn, CLASS_TABLE[(insn >>> 6) & (SLOTS - 1)]!);
}

/**
 * Picks the executor for Thumb halfword `insn`. Called once per predecoded slot; the returned
 * handler is static (shared by all slots) and allocates nothing when it runs.
 */
export function decodeThumb(insn: number): Handler {
  const slot = (insn >>> 6) & (SLOTS - 1);
  const cls = CLASS_TABLE[slot]!;
  if (refine(insn, cls) === 'UNDEFINED') return undefinedThumb;
  return HANDLER_TABLE[slot]!;
}

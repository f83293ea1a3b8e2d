import type { Handler } from '../handler.ts';
import { ldm, stm } from './blocktransfer.ts';
import { b, bl, blxImm, blxReg, bx } from './branch.ts';
import { pickCoprocessorTransfer, undefinedArm } from './coproc.ts';
import { pickDataProcessing } from './dataproc.ts';
import { clz, qaddsub, smlawy, smlaxy, smulxy } from './dsp.ts';
import { ldrh, ldrsb, ldrsh, pickDoubleword, strh } from './halfword.ts';
import { pickLoadStore } from './loadstore.ts';
import { smlalxy, mul, mulLong } from './multiply.ts';
import { bkpt, pld, swi, swp, swpb } from './misc.ts';
import { mrs, msr } from './psr.ts';

/**
 * The ARM-state decoder: one table of 4096 entries indexed by instruction bits 27-20 and 7-4
 * (ARM ARM A3.1, "Instruction set encoding"). Each entry names the instruction class and picks the
 * executor, specialised at decode time on the bits outside the index (Rd = PC, offset form, ...).
 * The executor, the disassembler and the tests all read this table.
 *
 *   27..25  index bits 7-4           class
 *   000     xxx0 / 0xx1              data processing, shift by immediate / by register
 *           1001                     multiply, multiply long, SWP/SWPB
 *           1011 1101 1111           extra loads and stores (LDRH STRH LDRSB LDRSH LDRD STRD)
 *           opcode 10xx with S=0     miscellaneous: MRS MSR BX BLX CLZ BKPT QADD.. SMLAxy..
 *   001                              data processing immediate; MSR immediate; 0x30/0x34 undefined
 *   010 / 011                        load/store immediate / register offset (011 with bit 4 set:
 *                                    undefined)
 *   100 / 101                        LDM/STM, B/BL
 *   110 / 1110 / 1111                LDC STC MCRR MRRC / CDP MCR MRC / SWI
 *
 * Condition 1111 is the unconditional space of ARMv5: BLX (immediate) and PLD; everything else
 * there (including the *2 coprocessor forms, which no ARM926 coprocessor accepts) is UNDEFINED.
 */

/** The instruction families the decoder distinguishes, named by mnemonic. */
export type ArmClass =
  | 'and' | 'eor' | 'sub' | 'rsb' | 'add' | 'adc' | 'sbc' | 'rsc'
  | 'tst' | 'teq' | 'cmp' | 'cmn' | 'orr' | 'mov' | 'bic' | 'mvn'
  | 'mul' | 'mla' | 'umull' | 'umlal' | 'smull' | 'smlal'
  | 'smla' | 'smlaw' | 'smulw' | 'smlalxy' | 'smul'
  | 'qadd' | 'qsub' | 'qdadd' | 'qdsub' | 'clz'
  | 'mrs' | 'msr' | 'bx' | 'blx-reg' | 'blx-imm' | 'bkpt' | 'swp' | 'swpb'
  | 'ldrh' | 'strh' | 'ldrsb' | 'ldrsh' | 'ldrd' | 'strd'
  | 'ldr' | 'str' | 'ldrb' | 'strb' | 'ldrt' | 'strt' | 'ldrbt' | 'strbt'
  | 'ldm' | 'stm' | 'b' | 'bl' | 'swi' | 'pld'
  | 'mcr' | 'mrc' | 'cdp' | 'ldc' | 'stc' | 'mcrr' | 'mrrc'
  | 'undefined';

/** A decode-table slot: the class, and the function that picks the executor for a full word. */
export interface ArmEntry {
  readonly cls: ArmClass;
  readonly pick: (insn: number) => Handler;
}

const DP_NAMES: readonly ArmClass[] = [
  'and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc',
  'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn',
];
const LONG_NAMES: readonly ArmClass[] = ['umull', 'umlal', 'smull', 'smlal'];
const Q_NAMES: readonly ArmClass[] = ['qadd', 'qsub', 'qdadd', 'qdsub'];

/** Class of the miscellaneous space: bits 27-20 = 0001 0xx0 (hi), bits 7-4 not x001/1xx1. */
function classifyMisc(hi: number, lo: number): ArmClass {
  const op = (hi >>> 1) & 3;
  if ((lo & 8) !== 0) return (['smla', (lo & 2) !== 0 ? 'smulw' : 'smlaw', 'smlalxy', 'smul'] as const)[op];
  switch (lo) {
    case 0: return (op & 1) !== 0 ? 'msr' : 'mrs';
    case 1: return op === 1 ? 'bx' : op === 3 ? 'clz' : 'undefined';
    case 3: return op === 1 ? 'blx-reg' : 'undefined';
    case 5: return Q_NAMES[op]!;
    case 7: return op === 1 ? 'bkpt' : 'undefined';
    default: return 'undefined';
  }
}

/** Class of table slot `idx` = bits 27-20 << 4 | bits 7-4. */
function classifySlot(idx: number): ArmClass {
  const hi = idx >>> 4;
  const lo = idx & 15;
  const load = (hi & 1) !== 0;
  switch (hi >>> 5) {
    case 0:
      if ((lo & 9) === 9) {
        if (lo === 9) {
          if (hi < 4) return (hi & 2) !== 0 ? 'mla' : 'mul';
          if (hi >= 8 && hi < 16) return LONG_NAMES[(hi >>> 1) & 3]!;
          if (hi === 0x10) return 'swp';
          if (hi === 0x14) return 'swpb';
          return 'undefined';
        }
        if (lo === 0xb) return load ? 'ldrh' : 'strh';
        if (lo === 0xd) return load ? 'ldrsb' : 'ldrd';
        return load ? 'ldrsh' : 'strd';
      }
      if ((hi & 0x19) === 0x10) return classifyMisc(hi, lo);
      return DP_NAMES[(hi >>> 1) & 15]!;
    case 1:
      if ((hi & 0x19) === 0x10) return (hi & 2) !== 0 ? 'msr' : 'undefined';
      return DP_NAMES[(hi >>> 1) & 15]!;
    case 2:
    case 3: {
      if ((hi & 0x20) !== 0 && (lo & 1) !== 0) return 'undefined';
      const t = (hi & 0x12) === 0x02; // P=0, W=1
      if ((hi & 4) !== 0) return load ? (t ? 'ldrbt' : 'ldrb') : t ? 'strbt' : 'strb';
      return load ? (t ? 'ldrt' : 'ldr') : t ? 'strt' : 'str';
    }
    case 4:
      return load ? 'ldm' : 'stm';
    case 5:
      return (hi & 0x10) !== 0 ? 'bl' : 'b';
    case 6:
      if (hi === 0xc4) return 'mcrr';
      if (hi === 0xc5) return 'mrrc';
      return load ? 'ldc' : 'stc';
    default:
      if ((hi & 0x10) !== 0) return 'swi';
      if ((lo & 1) === 0) return 'cdp';
      return load ? 'mrc' : 'mcr';
  }
}

const fixed = (h: Handler) => (): Handler => h;

/** How each class picks its executor. */
const PICKERS: Record<ArmClass, (insn: number) => Handler> = {
  and: pickDataProcessing, eor: pickDataProcessing, sub: pickDataProcessing,
  rsb: pickDataProcessing, add: pickDataProcessing, adc: pickDataProcessing,
  sbc: pickDataProcessing, rsc: pickDataProcessing, tst: pickDataProcessing,
  teq: pickDataProcessing, cmp: pickDataProcessing, cmn: pickDataProcessing,
  orr: pickDataProcessing, mov: pickDataProcessing, bic: pickDataProcessing,
  mvn: pickDataProcessing,
  mul: fixed(mul), mla: fixed(mul),
  umull: fixed(mulLong), umlal: fixed(mulLong), smull: fixed(mulLong), smlal: fixed(mulLong),
  smla: fixed(smlaxy), smlaw: fixed(smlawy), smulw: fixed(smlawy), smlalxy: fixed(smlalxy),
  smul: fixed(smulxy),
  qadd: fixed(qaddsub), qsub: fixed(qaddsub), qdadd: fixed(qaddsub), qdsub: fixed(qaddsub),
  clz: fixed(clz),
  mrs: fixed(mrs), msr: fixed(msr), bx: fixed(bx), 'blx-reg': fixed(blxReg),
  'blx-imm': fixed(blxImm), bkpt: fixed(bkpt), swp: fixed(swp), swpb: fixed(swpb),
  ldrh: fixed(ldrh), strh: fixed(strh), ldrsb: fixed(ldrsb), ldrsh: fixed(ldrsh),
  ldrd: pickDoubleword, strd: pickDoubleword,
  ldr: pickLoadStore, str: pickLoadStore, ldrb: pickLoadStore, strb: pickLoadStore,
  ldrt: pickLoadStore, strt: pickLoadStore, ldrbt: pickLoadStore, strbt: pickLoadStore,
  ldm: fixed(ldm), stm: fixed(stm), b: fixed(b), bl: fixed(bl), swi: fixed(swi), pld: fixed(pld),
  mcr: pickCoprocessorTransfer, mrc: pickCoprocessorTransfer,
  cdp: fixed(undefinedArm), ldc: fixed(undefinedArm), stc: fixed(undefinedArm),
  mcrr: fixed(undefinedArm), mrrc: fixed(undefinedArm), undefined: fixed(undefinedArm),
};

function buildTable(): readonly ArmEntry[] {
  const entries = new Map<ArmClass, ArmEntry>();
  const table: ArmEntry[] = [];
  for (let idx = 0; idx < 4096; idx++) {
    const cls = classifySlot(idx);
    let e = entries.get(cls);
    if (e === undefined) {
      e = { cls, pick: PICKERS[cls] };
      entries.set(cls, e);
    }
    table.push(e);
  }
  return table;
}

/** The decode table: slot (bits 27-20 << 4 | bits 7-4) -> class and executor picker. */
export const ARM_TABLE: readonly ArmEntry[] = buildTable();

const BLX_IMM_ENTRY: ArmEntry = { cls: 'blx-imm', pick: PICKERS['blx-imm'] };
const PLD_ENTRY: ArmEntry = { cls: 'pld', pick: PICKERS.pld };
const UNDEFINED_ENTRY: ArmEntry = { cls: 'undefined', pick: PICKERS.undefined };

/** The table entry for a full instruction word, handling the unconditional (cond 1111) space. */
export function armEntry(insn: number): ArmEntry {
  if (insn >>> 28 === 15) {
    if ((insn & 0x0e000000) === 0x0a000000) return BLX_IMM_ENTRY;
    if ((insn & 0x0d70f000) === 0x0550f000) return PLD_ENTRY;
    return UNDEFINED_ENTRY;
  }
  return ARM_TABLE[((insn >>> 16) & 0xff0) | ((insn >>> 4) & 15)]!;
}

/**
 * Names the instruction family of ARM word `insn` (any condition). LDRD/STRD with an odd Rd and
 * MCR/MRC to a coprocessor other than CP15 keep their family name but execute as UNDEFINED.
 */
export function classifyArm(insn: number): ArmClass {
  return armEntry(insn).cls;
}

/**
 * Picks the executor for ARM instruction `insn`. Called once per instruction slot by the CPU's
 * predecode cache; the returned handler is a static function (no per-decode allocation).
 */
export function decodeArm(insn: number): Handler {
  return armEntry(insn).pick(insn);
}

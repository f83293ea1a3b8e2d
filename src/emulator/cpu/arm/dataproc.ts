import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';
import { adcS, addS, sbcS, setNZ, subS } from './flags.ts';
import {
  immOperand, immOperandC, regImmOperand, regImmOperandC, shifterOperandC,
} from './shifter.ts';

/**
 * Data-processing instructions (ARM ARM A4.1, A5.1): AND EOR SUB RSB ADD ADC SBC RSC TST TEQ CMP
 * CMN ORR MOV BIC MVN.
 *
 * Decode picks one static handler per (opcode, S, operand kind) for the hot forms: an immediate
 * operand (`_i`) or a register shifted by an immediate (`_r`), with Rd != PC. Everything else
 * (register-specified shifts, Rd = PC) runs dpGeneral(). Rn = PC reads the instruction address + 8
 * in the fast forms (r[15] during execution) and + 12 with a register-specified shift.
 *
 * Writes to the PC: without S the result is a plain ARM-state branch (bits 1:0 cleared, no
 * interworking in ARMv5). With S the SPSR of the current mode is copied to the CPSR (exception
 * return) and the result is then aligned for the state that CPSR selects (bit 0 cleared in Thumb,
 * bits 1:0 in ARM). USR and SYS have no SPSR (UNPREDICTABLE): czemu keeps the CPSR, flags included,
 * and only branches.
 */

const rn = (cpu: Cpu, insn: number): number => cpu.r[(insn >>> 16) & 15]!;
const rdIdx = (insn: number): number => (insn >>> 12) & 15;

// ---- without S, Rd != PC ---------------------------------------------------------------------

function and_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) & immOperand(i); }
function and_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) & regImmOperand(cpu, i); }
function eor_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) ^ immOperand(i); }
function eor_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) ^ regImmOperand(cpu, i); }
function sub_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) - immOperand(i); }
function sub_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) - regImmOperand(cpu, i); }
function rsb_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = immOperand(i) - rn(cpu, i); }
function rsb_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = regImmOperand(cpu, i) - rn(cpu, i); }
function add_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) + immOperand(i); }
function add_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) + regImmOperand(cpu, i); }
function adc_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) + immOperand(i) + cpu.c; }
function adc_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = rn(cpu, i) + regImmOperand(cpu, i) + cpu.c;
}
function sbc_i(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = rn(cpu, i) - immOperand(i) - (1 - cpu.c);
}
function sbc_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = rn(cpu, i) - regImmOperand(cpu, i) - (1 - cpu.c);
}
function rsc_i(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = immOperand(i) - rn(cpu, i) - (1 - cpu.c);
}
function rsc_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = regImmOperand(cpu, i) - rn(cpu, i) - (1 - cpu.c);
}
function orr_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) | immOperand(i); }
function orr_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) | regImmOperand(cpu, i); }
function mov_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = immOperand(i); }
function mov_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = regImmOperand(cpu, i); }
function bic_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) & ~immOperand(i); }
function bic_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = rn(cpu, i) & ~regImmOperand(cpu, i); }
function mvn_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = ~immOperand(i); }
function mvn_r(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = ~regImmOperand(cpu, i); }

// ---- with S, Rd != PC (and the compares, whose Rd field is ignored) ---------------------------

function logicS(cpu: Cpu, i: number, res: number): void {
  cpu.r[rdIdx(i)] = res;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = cpu.shc;
}
function testS(cpu: Cpu, res: number): void {
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = cpu.shc;
}

function ands_i(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) & immOperandC(cpu, i)); }
function ands_r(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) & regImmOperandC(cpu, i)); }
function eors_i(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) ^ immOperandC(cpu, i)); }
function eors_r(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) ^ regImmOperandC(cpu, i)); }
function orrs_i(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) | immOperandC(cpu, i)); }
function orrs_r(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) | regImmOperandC(cpu, i)); }
function movs_i(cpu: Cpu, i: number): void { logicS(cpu, i, immOperandC(cpu, i)); }
function movs_r(cpu: Cpu, i: number): void { logicS(cpu, i, regImmOperandC(cpu, i)); }
function bics_i(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) & ~immOperandC(cpu, i)); }
function bics_r(cpu: Cpu, i: number): void { logicS(cpu, i, rn(cpu, i) & ~regImmOperandC(cpu, i)); }
function mvns_i(cpu: Cpu, i: number): void { logicS(cpu, i, ~immOperandC(cpu, i)); }
function mvns_r(cpu: Cpu, i: number): void { logicS(cpu, i, ~regImmOperandC(cpu, i)); }
function tst_i(cpu: Cpu, i: number): void { testS(cpu, rn(cpu, i) & immOperandC(cpu, i)); }
function tst_r(cpu: Cpu, i: number): void { testS(cpu, rn(cpu, i) & regImmOperandC(cpu, i)); }
function teq_i(cpu: Cpu, i: number): void { testS(cpu, rn(cpu, i) ^ immOperandC(cpu, i)); }
function teq_r(cpu: Cpu, i: number): void { testS(cpu, rn(cpu, i) ^ regImmOperandC(cpu, i)); }

function subs_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = subS(cpu, rn(cpu, i), immOperand(i)); }
function subs_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = subS(cpu, rn(cpu, i), regImmOperand(cpu, i));
}
function rsbs_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = subS(cpu, immOperand(i), rn(cpu, i)); }
function rsbs_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = subS(cpu, regImmOperand(cpu, i), rn(cpu, i));
}
function adds_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = addS(cpu, rn(cpu, i), immOperand(i)); }
function adds_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = addS(cpu, rn(cpu, i), regImmOperand(cpu, i));
}
function adcs_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = adcS(cpu, rn(cpu, i), immOperand(i)); }
function adcs_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = adcS(cpu, rn(cpu, i), regImmOperand(cpu, i));
}
function sbcs_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = sbcS(cpu, rn(cpu, i), immOperand(i)); }
function sbcs_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = sbcS(cpu, rn(cpu, i), regImmOperand(cpu, i));
}
function rscs_i(cpu: Cpu, i: number): void { cpu.r[rdIdx(i)] = sbcS(cpu, immOperand(i), rn(cpu, i)); }
function rscs_r(cpu: Cpu, i: number): void {
  cpu.r[rdIdx(i)] = sbcS(cpu, regImmOperand(cpu, i), rn(cpu, i));
}
function cmp_i(cpu: Cpu, i: number): void { subS(cpu, rn(cpu, i), immOperand(i)); }
function cmp_r(cpu: Cpu, i: number): void { subS(cpu, rn(cpu, i), regImmOperand(cpu, i)); }
function cmn_i(cpu: Cpu, i: number): void { addS(cpu, rn(cpu, i), immOperand(i)); }
function cmn_r(cpu: Cpu, i: number): void { addS(cpu, rn(cpu, i), regImmOperand(cpu, i)); }

/** Fast handlers by opcode; index 8-11 (the compares) have no flag-less form. */
const FAST_I: readonly Handler[] = [
  and_i, eor_i, sub_i, rsb_i, add_i, adc_i, sbc_i, rsc_i,
  tst_i, teq_i, cmp_i, cmn_i, orr_i, mov_i, bic_i, mvn_i,
];
const FAST_R: readonly Handler[] = [
  and_r, eor_r, sub_r, rsb_r, add_r, adc_r, sbc_r, rsc_r,
  tst_r, teq_r, cmp_r, cmn_r, orr_r, mov_r, bic_r, mvn_r,
];
const FAST_IS: readonly Handler[] = [
  ands_i, eors_i, subs_i, rsbs_i, adds_i, adcs_i, sbcs_i, rscs_i,
  tst_i, teq_i, cmp_i, cmn_i, orrs_i, movs_i, bics_i, mvns_i,
];
const FAST_RS: readonly Handler[] = [
  ands_r, eors_r, subs_r, rsbs_r, adds_r, adcs_r, sbcs_r, rscs_r,
  tst_r, teq_r, cmp_r, cmn_r, orrs_r, movs_r, bics_r, mvns_r,
];

/**
 * The general data-processing path: any operand form, any Rd, with or without S. The opcode's
 * result is computed from the operand values with flags when S is set; see the module comment for
 * writes to the PC.
 */
export function dpGeneral(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const op = (insn >>> 21) & 15;
  const s = (insn & (1 << 20)) !== 0;
  const n = (insn >>> 16) & 15;
  const d = (insn >>> 12) & 15;
  const regShift = (insn & 0x02000010) === 0x10;
  const a = n === 15 && regShift ? (r[15]! + 4) | 0 : r[n]!;
  const b = shifterOperandC(cpu, insn);
  const flags = s && d !== 15;
  let res: number;
  switch (op) {
    case 0: res = a & b; break;
    case 1: res = a ^ b; break;
    case 2: res = flags ? subS(cpu, a, b) : (a - b) | 0; break;
    case 3: res = flags ? subS(cpu, b, a) : (b - a) | 0; break;
    case 4: res = flags ? addS(cpu, a, b) : (a + b) | 0; break;
    case 5: res = flags ? adcS(cpu, a, b) : (a + b + cpu.c) | 0; break;
    case 6: res = flags ? sbcS(cpu, a, b) : (a - b - (1 - cpu.c)) | 0; break;
    case 7: res = flags ? sbcS(cpu, b, a) : (b - a - (1 - cpu.c)) | 0; break;
    case 8: testS(cpu, a & b); return;
    case 9: testS(cpu, a ^ b); return;
    case 10: subS(cpu, a, b); return;
    case 11: addS(cpu, a, b); return;
    case 12: res = a | b; break;
    case 13: res = b; break;
    case 14: res = a & ~b; break;
    default: res = ~b; break;
  }
  if (d !== 15) {
    r[d] = res;
    if (flags && (op < 2 || op >= 12)) {
      setNZ(cpu, res);
      cpu.c = cpu.shc;
    }
    return;
  }
  if (!s) {
    cpu.branchArm(res);
    return;
  }
  if (cpu.bank !== 0) cpu.writeCpsr(cpu.getSpsr());
  cpu.pc = cpu.t === 1 ? res & ~1 : res & ~3;
}

/**
 * Picks the handler for data-processing instruction `insn` (which the decode table has already
 * classified as such, not as a miscellaneous or multiply encoding).
 */
export function pickDataProcessing(insn: number): Handler {
  const op = (insn >>> 21) & 15;
  const s = (insn & (1 << 20)) !== 0;
  const isTest = op >= 8 && op <= 11;
  if (!isTest && ((insn >>> 12) & 15) === 15) return dpGeneral;
  if ((insn & (1 << 25)) !== 0) return (s ? FAST_IS : FAST_I)[op]!;
  if ((insn & 0x10) !== 0) return dpGeneral;
  return (s ? FAST_RS : FAST_R)[op]!;
}

import type { ArmClass } from '../arm/decode.ts';

/**
 * JavaScript for the hottest ARM instruction forms, emitted straight into a translated block instead
 * of a call to the decoded handler: data processing with an immediate or an immediately-shifted
 * register operand, LDR/STR/LDRB/STRB with an immediate or scaled-register offset, LDRH/STRH/
 * LDRSB/LDRSH, LDM/STM without the S bit (LDM without the PC), MUL/MLA and the long multiplies.
 * Everything the instruction word fixes (registers, shift kind and amount, rotated immediates, the
 * PC value) becomes a constant, so V8 sees plain integer arithmetic on typed-array elements.
 *
 * The emitted code must do exactly what the handler in src/emulator/cpu/arm/ does (ARM ARM A4/A5);
 * tests/emulator/jit/equivalence.test.ts runs random sequences both ways. Forms not handled here
 * (register-specified shifts, Rd = PC, writeback to the PC or onto Rd, the T variants, LDRD/STRD,
 * the user-bank and exception-return LDM/STM) return undefined and keep the handler call. LDM with
 * the PC (no S bit) is emitted as its block's terminator by inlineArmLdmPc.
 *
 * Names in scope of the emitted code: `c` the Cpu, `r` its registers, `m` its MMU.
 */

const DP_OPS: readonly ArmClass[] = [
  'and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc',
  'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn',
];

/** The value of register `n` as code: the PC reads as the instruction address + 8. */
function reg(n: number, addr: number): string {
  return n === 15 ? String((addr + 8) | 0) : `r[${n}]`;
}

/**
 * Code binding `b` to the shifter operand (and `sc` to its carry-out when `carry`) of a
 * data-processing or addressing-mode-2 register/immediate form; undefined for register shifts.
 */
function shifterOperand(insn: number, addr: number, carry: boolean): string | undefined {
  if ((insn & (1 << 25)) !== 0) {
    const rot = (insn >>> 7) & 30;
    const imm = insn & 0xff;
    const v = rot === 0 ? imm : ((imm >>> rot) | (imm << (32 - rot))) | 0;
    return `const b=${v};` + (carry ? `const sc=${rot === 0 ? 'c.c' : String(v >>> 31)};` : '');
  }
  if ((insn & 0x10) !== 0) return undefined;
  const rm = insn & 15;
  const amt = (insn >>> 7) & 31;
  const x = `const x=${reg(rm, addr)};`;
  let val: string;
  let sc: string;
  switch ((insn >>> 5) & 3) {
    case 0:
      if (amt === 0) {
        val = 'x';
        sc = 'c.c';
      } else {
        val = `x<<${amt}`;
        sc = `(x>>>${32 - amt})&1`;
      }
      break;
    case 1:
      if (amt === 0) {
        val = '0';
        sc = 'x>>>31';
      } else {
        val = `(x>>>${amt})|0`;
        sc = `(x>>>${amt - 1})&1`;
      }
      break;
    case 2:
      if (amt === 0) {
        val = 'x>>31';
        sc = 'x>>>31';
      } else {
        val = `x>>${amt}`;
        sc = `(x>>${amt - 1})&1`;
      }
      break;
    default:
      if (amt === 0) {
        val = '(c.c<<31)|(x>>>1)';
        sc = 'x&1';
      } else {
        val = `(x>>>${amt})|(x<<${32 - amt})`;
        sc = `(x>>>${amt - 1})&1`;
      }
  }
  // The carry must be read before the flags change (RRX reads C).
  return x + (carry ? `const sc=${sc};` : '') + `const b=${val};`;
}

const NZ = 'c.n=res>>>31;c.z=res===0?1:0;';
const ADD_CV = 'c.c=(a>>>0)+(b>>>0)>0xffffffff?1:0;c.v=((a^res)&(b^res))>>>31;';
const SUB_CV = 'c.c=(a>>>0)>=(b>>>0)?1:0;c.v=((a^b)&(a^res))>>>31;';

/** Code for a data-processing instruction with Rd != PC, or undefined. */
function dataProcessing(insn: number, addr: number, cls: ArmClass): string | undefined {
  const op = DP_OPS.indexOf(cls);
  if (op < 0) return undefined;
  const s = (insn & (1 << 20)) !== 0;
  const rd = (insn >>> 12) & 15;
  if (rd === 15) return undefined;
  const logical = [0, 1, 8, 9, 12, 13, 14, 15].includes(op);
  const operand = shifterOperand(insn, addr, s && logical);
  if (operand === undefined) return undefined;
  const a = op === 13 || op === 15 ? '' : `const a=${reg((insn >>> 16) & 15, addr)};`;
  const set = op >= 8 && op <= 11 ? '' : `r[${rd}]=res;`;
  let body: string;
  switch (op) {
    case 0: body = 'const res=a&b;'; break;
    case 1: body = 'const res=a^b;'; break;
    case 2: body = 'const res=(a-b)|0;' + (s ? SUB_CV : ''); break;
    case 3: body = 'const res=(b-a)|0;' + (s ? 'c.c=(b>>>0)>=(a>>>0)?1:0;c.v=((b^a)&(b^res))>>>31;' : ''); break;
    case 4: body = 'const res=(a+b)|0;' + (s ? ADD_CV : ''); break;
    case 5:
      body = s
        ? 'const sum=(a>>>0)+(b>>>0)+c.c;const res=sum|0;c.c=sum>0xffffffff?1:0;c.v=((a^res)&(b^res))>>>31;'
        : 'const res=(a+b+c.c)|0;';
      break;
    case 6:
      body = s
        ? 'const bo=1-c.c;const res=(a-b-bo)|0;c.c=(a>>>0)>=(b>>>0)+bo?1:0;c.v=((a^b)&(a^res))>>>31;'
        : 'const res=(a-b-(1-c.c))|0;';
      break;
    case 7:
      body = s
        ? 'const bo=1-c.c;const res=(b-a-bo)|0;c.c=(b>>>0)>=(a>>>0)+bo?1:0;c.v=((b^a)&(b^res))>>>31;'
        : 'const res=(b-a-(1-c.c))|0;';
      break;
    case 8: body = 'const res=a&b;'; break;
    case 9: body = 'const res=a^b;'; break;
    case 10: body = 'const res=(a-b)|0;' + SUB_CV; break;
    case 11: body = 'const res=(a+b)|0;' + ADD_CV; break;
    case 12: body = 'const res=a|b;'; break;
    case 13: body = 'const res=b;'; break;
    case 14: body = 'const res=a&~b;'; break;
    default: body = 'const res=~b;'; break;
  }
  const flags = s ? NZ + (logical ? 'c.c=sc;' : '') : '';
  return `{${operand}${a}${body}${flags}${set}}`;
}

/**
 * Code for LDR/STR/LDRB/STRB (not the T forms) with an immediate or scaled-register offset, or
 * undefined. `exit` is the statement that leaves the block after this instruction stopped.
 */
function singleTransfer(insn: number, addr: number, cls: ArmClass, exit: string): string | undefined {
  if (cls !== 'ldr' && cls !== 'str' && cls !== 'ldrb' && cls !== 'strb') return undefined;
  const p = (insn & (1 << 24)) !== 0;
  const u = (insn & (1 << 23)) !== 0;
  const w = (insn & (1 << 21)) !== 0;
  const rn = (insn >>> 16) & 15;
  const rd = (insn >>> 12) & 15;
  const writeback = !p || w;
  if (!p && w) return undefined; // LDRT/STRT family
  if (rd === 15 || (writeback && (rn === 15 || rn === rd))) return undefined;
  let off: string;
  if ((insn & (1 << 25)) === 0) {
    off = `const o=${insn & 0xfff};`;
  } else {
    if ((insn & 15) === 15) return undefined;
    // Scaled register offset: the shifter's register-immediate forms, carry unused (bit 25 is the
    // register flag here, the opposite of data processing, so clear it before reusing the helper).
    const sh = shifterOperand(insn & ~(1 << 25), addr, false);
    if (sh === undefined) return undefined;
    off = `${sh}const o=b;`;
  }
  const base = `const base=${reg(rn, addr)};`;
  const ea = `(base${u ? '+' : '-'}o)|0`;
  const a = `const a=${p ? ea : 'base'};`;
  const wb = writeback ? `r[${rn}]=${ea};` : '';
  const fault = `if(m.faulted)${exit}`;
  const after = `if(c.stop)${exit}`;
  switch (cls) {
    case 'ldr':
      return `{${off}${base}${a}let v=m.read32(a);${fault}const t=(a&3)<<3;if(t!==0)v=(v>>>t)|(v<<(32-t));${wb}r[${rd}]=v;${after}}`;
    case 'ldrb':
      return `{${off}${base}${a}const v=m.read8(a);${fault}${wb}r[${rd}]=v;${after}}`;
    case 'str':
      return `{${off}${base}${a}m.write32(a,r[${rd}]);${fault}${wb}${after}}`;
    default:
      return `{${off}${base}${a}m.write8(a,r[${rd}]&255);${fault}${wb}${after}}`;
  }
}

/**
 * Code for LDRH/STRH/LDRSB/LDRSH (addressing mode 3) with an immediate or register offset, or
 * undefined; follows halfword.ts (P=0 W=1 is post-indexed; a fault changes no register).
 */
function halfTransfer(insn: number, addr: number, cls: ArmClass, exit: string): string | undefined {
  if (cls !== 'ldrh' && cls !== 'strh' && cls !== 'ldrsb' && cls !== 'ldrsh') return undefined;
  const p = (insn & (1 << 24)) !== 0;
  const u = (insn & (1 << 23)) !== 0;
  const writeback = !p || (insn & (1 << 21)) !== 0;
  const rn = (insn >>> 16) & 15;
  const rd = (insn >>> 12) & 15;
  if (rd === 15 || (writeback && (rn === 15 || rn === rd))) return undefined;
  const off = (insn & (1 << 22)) !== 0 ? String(((insn >>> 4) & 0xf0) | (insn & 15)) : reg(insn & 15, addr);
  const base = `const base=${reg(rn, addr)};`;
  const ea = `(base${u ? '+' : '-'}${off})|0`;
  const a = `const a=${p ? ea : 'base'};`;
  const wb = writeback ? `r[${rn}]=${ea};` : '';
  const fault = `if(m.faulted)${exit}`;
  const after = `if(c.stop)${exit}`;
  switch (cls) {
    case 'ldrh': return `{${base}${a}const v=m.read16(a);${fault}${wb}r[${rd}]=v;${after}}`;
    case 'ldrsh': return `{${base}${a}const v=m.read16(a);${fault}${wb}r[${rd}]=(v<<16)>>16;${after}}`;
    case 'ldrsb': return `{${base}${a}const v=m.read8(a);${fault}${wb}r[${rd}]=(v<<24)>>24;${after}}`;
    default: return `{${base}${a}m.write16(a,r[${rd}]&65535);${fault}${wb}${after}}`;
  }
}

/**
 * Code for LDM without the PC and STM, both without the S bit, in all four modes with writeback,
 * or undefined; follows blocktransfer.ts: the loaded words are held in locals until every read
 * succeeded (an abort changes no register), writeback comes before the loads (a base in the list
 * keeps the loaded word), an STM asks for watchpoints on its whole range first and stores the
 * original base and the PC as the address + 12.
 */
function blockTransfer(insn: number, addr: number, cls: ArmClass, exit: string): string | undefined {
  if (cls !== 'ldm' && cls !== 'stm') return undefined;
  const list = insn & 0xffff;
  const rn = (insn >>> 16) & 15;
  if ((insn & (1 << 22)) !== 0 || list === 0 || rn === 15) return undefined;
  if (cls === 'ldm' && (list & 0x8000) !== 0) return undefined;
  const regs: number[] = [];
  for (let i = 0; i < 16; i++) if ((list & (1 << i)) !== 0) regs.push(i);
  const bytes = regs.length * 4;
  const up = (insn & (1 << 23)) !== 0;
  const pre = (insn & (1 << 24)) !== 0;
  let start: number;
  if (up) start = pre ? 4 : 0;
  else start = pre ? -bytes : 4 - bytes;
  const at = (k: number): string => (start + 4 * k === 0 ? 'base' : `(base+${start + 4 * k})|0`);
  const wb = (insn & (1 << 21)) !== 0 ? `r[${rn}]=(base${up ? '+' : '-'}${bytes})|0;` : '';
  const fault = `if(m.faulted)${exit}`;
  let code = `{const base=r[${rn}];`;
  if (cls === 'ldm') {
    regs.forEach((_, k) => { code += `const v${k}=m.read32(${at(k)});${fault}`; });
    code += wb;
    regs.forEach((i, k) => { code += `r[${i}]=v${k};`; });
  } else {
    // As stm(): a watchpoint on any word stops the instruction before its first store.
    code += `if(m.watcher!==undefined&&m.watchRange(${at(0)},${bytes},true))${exit}`;
    regs.forEach((i, k) => {
      code += `m.write32(${at(k)},${i === 15 ? String((addr + 12) | 0) : `r[${i}]`});${fault}`;
    });
    code += wb;
  }
  return `${code}if(c.stop)${exit}}`;
}

/**
 * Code for LDM with the PC in the list and without the S bit (the function return `ldmfd sp!,
 * {..., pc}`), emitted as a block's terminator, or undefined; follows blocktransfer.ts: every word
 * is read first (an abort changes no register and leaves through `exit`), then the base writeback,
 * the other registers, and the PC through the interworking rule of Cpu.branchExchange(v, true) in
 * ARM state: bit 0 set without SCTLR.L4 switches to Thumb (branchExchange itself, which resyncs),
 * otherwise c.pc = v & ~3. The caller checks c.stop afterwards (it must not reset c.pc).
 */
export function inlineArmLdmPc(insn: number, exit: string): string | undefined {
  const list = insn & 0xffff;
  const rn = (insn >>> 16) & 15;
  if ((insn & (1 << 22)) !== 0 || (list & 0x8000) === 0 || rn === 15 || (insn & (1 << 20)) === 0) return undefined;
  const regs: number[] = [];
  for (let i = 0; i < 16; i++) if ((list & (1 << i)) !== 0) regs.push(i);
  const bytes = regs.length * 4;
  const up = (insn & (1 << 23)) !== 0;
  const pre = (insn & (1 << 24)) !== 0;
  let start: number;
  if (up) start = pre ? 4 : 0;
  else start = pre ? -bytes : 4 - bytes;
  const at = (k: number): string => (start + 4 * k === 0 ? 'base' : `(base+${start + 4 * k})|0`);
  const fault = `if(m.faulted)${exit}`;
  let code = `{const base=r[${rn}];`;
  regs.forEach((_, k) => { code += `const v${k}=m.read32(${at(k)});${fault}`; });
  if ((insn & (1 << 21)) !== 0) code += `r[${rn}]=(base${up ? '+' : '-'}${bytes})|0;`;
  regs.forEach((i, k) => { if (i !== 15) code += `r[${i}]=v${k};`; });
  const p = `v${regs.length - 1}`;
  return `${code}if((${p}&1)!==0&&(c.cp15.sctlr&32768)===0)c.branchExchange(${p},true);else c.pc=${p}&~3;}`;
}

/**
 * Code for UMULL/UMLAL/SMULL/SMLAL (RdHi, RdLo != PC: the others are terminators): the 64-bit
 * product from 16-bit partial products, as multiply.ts's mulU64/mulS64/accumulate compute it.
 */
function multiplyLong(insn: number, addr: number): string {
  const lo = (insn >>> 12) & 15;
  const hi = (insn >>> 16) & 15;
  let code = `{const a=${reg(insn & 15, addr)};const b=${reg((insn >>> 8) & 15, addr)};` +
    'const a0=a&0xffff;const a1=a>>>16;const b0=b&0xffff;const b1=b>>>16;' +
    'const p00=a0*b0;const p01=a0*b1;const p10=a1*b0;' +
    'const mid=(p00>>>16)+(p01&0xffff)+(p10&0xffff);' +
    'let pl=(mid<<16)|(p00&0xffff);let ph=(a1*b1+(p01>>>16)+(p10>>>16)+(mid>>>16))|0;';
  if ((insn & (1 << 22)) !== 0) code += 'if(a<0)ph=(ph-b)|0;if(b<0)ph=(ph-a)|0;';
  if ((insn & (1 << 21)) !== 0) {
    code += `const s=(pl>>>0)+(r[${lo}]>>>0);pl=s|0;ph=(ph+r[${hi}]+(s>0xffffffff?1:0))|0;`;
  }
  code += `r[${lo}]=pl;r[${hi}]=ph;`;
  if ((insn & (1 << 20)) !== 0) code += 'c.n=ph>>>31;c.z=(ph|pl)===0?1:0;';
  return `${code}}`;
}

/** Code for MUL and MLA and the long multiplies (no PC destination), or undefined. */
function multiply(insn: number, addr: number, cls: ArmClass): string | undefined {
  if (cls === 'umull' || cls === 'umlal' || cls === 'smull' || cls === 'smlal') {
    if (((insn >>> 12) & 15) === 15 || ((insn >>> 16) & 15) === 15) return undefined;
    return multiplyLong(insn, addr);
  }
  if (cls !== 'mul' && cls !== 'mla') return undefined;
  const rd = (insn >>> 16) & 15;
  if (rd === 15) return undefined;
  let code = `{const res=${cls === 'mla' ? '(' : ''}Math.imul(${reg(insn & 15, addr)},${reg((insn >>> 8) & 15, addr)})`;
  if (cls === 'mla') code += `+${reg((insn >>> 12) & 15, addr)})|0`;
  code += `;r[${rd}]=res;`;
  if ((insn & (1 << 20)) !== 0) code += NZ;
  return `${code}}`;
}

/**
 * Inline code for `insn` at `addr`, or undefined to call its handler. `exit` leaves the block when
 * a memory access stopped the CPU (it records the instruction address and count).
 */
export function inlineArm(insn: number, addr: number, cls: ArmClass, exit: string): string | undefined {
  return dataProcessing(insn, addr, cls) ?? singleTransfer(insn, addr, cls, exit) ??
    halfTransfer(insn, addr, cls, exit) ?? blockTransfer(insn, addr, cls, exit) ?? multiply(insn, addr, cls);
}

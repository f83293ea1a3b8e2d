import type { ThumbClass } from '../thumb/decode.ts';

/**
 * JavaScript for the hottest Thumb instruction forms, emitted straight into a translated block
 * instead of a call to the decoded handler: shifts, ADD/SUB/MOV/CMP with immediates and registers,
 * the register ALU operations, the high-register ADD/CMP/MOV (not writing the PC), loads and
 * stores with immediate and register offsets, PC- and SP-relative loads and stores, the ADD/SUB
 * address arithmetic on PC and SP, and the multiple transfers. Register numbers, immediates and
 * the PC value become constants.
 *
 * The emitted code must do exactly what the handler in src/emulator/cpu/thumb/ does (ARM ARM A7);
 * tests/emulator/jit/equivalence.test.ts runs random sequences both ways. PUSH, POP without the
 * PC, LDMIA and STMIA are emitted too; POP {pc} is emitted as its block's terminator
 * (inlineThumbPopPc); the other terminators keep the handler call.
 *
 * Names in scope of the emitted code: `c` the Cpu, `r` its registers, `m` its MMU.
 */

const NZ = 'c.n=res>>>31;c.z=res===0?1:0;';
/** a + b into `res` with the flags of ADDS. */
const ADDS = 'const res=(a+b)|0;' + NZ + 'c.c=(a>>>0)+(b>>>0)>0xffffffff?1:0;c.v=((a^res)&(b^res))>>>31;';
/** a - b into `res` with the flags of SUBS/CMP. */
const SUBS = 'const res=(a-b)|0;' + NZ + 'c.c=(a>>>0)>=(b>>>0)?1:0;c.v=((a^b)&(a^res))>>>31;';

/** The value of register `n` as code: the PC reads as the instruction address + 4. */
function reg(n: number, addr: number): string {
  return n === 15 ? String((addr + 4) | 0) : `r[${n}]`;
}

/** Code for the data-processing forms, or undefined. */
function dataProcessing(insn: number, addr: number, cls: ThumbClass): string | undefined {
  const rd = insn & 7;
  const rm = (insn >> 3) & 7;
  const rn3 = (insn >> 6) & 7;
  const imm5 = (insn >> 6) & 31;
  const rd8 = (insn >> 8) & 7;
  const imm8 = insn & 0xff;
  switch (cls) {
    case 'LSL_imm':
      if (imm5 === 0) return `{const res=r[${rm}];r[${rd}]=res;${NZ}}`;
      return `{const x=r[${rm}];c.c=(x>>>${32 - imm5})&1;const res=x<<${imm5};r[${rd}]=res;${NZ}}`;
    case 'LSR_imm':
      if (imm5 === 0) return `{c.c=r[${rm}]>>>31;const res=0;r[${rd}]=res;${NZ}}`;
      return `{const x=r[${rm}];c.c=(x>>>${imm5 - 1})&1;const res=(x>>>${imm5})|0;r[${rd}]=res;${NZ}}`;
    case 'ASR_imm':
      if (imm5 === 0) return `{const x=r[${rm}];c.c=x>>>31;const res=x>>31;r[${rd}]=res;${NZ}}`;
      return `{const x=r[${rm}];c.c=(x>>${imm5 - 1})&1;const res=x>>${imm5};r[${rd}]=res;${NZ}}`;
    case 'ADD_reg': return `{const a=r[${rm}];const b=r[${rn3}];${ADDS}r[${rd}]=res;}`;
    case 'SUB_reg': return `{const a=r[${rm}];const b=r[${rn3}];${SUBS}r[${rd}]=res;}`;
    case 'ADD_imm3': return `{const a=r[${rm}];const b=${rn3};${ADDS}r[${rd}]=res;}`;
    case 'SUB_imm3': return `{const a=r[${rm}];const b=${rn3};${SUBS}r[${rd}]=res;}`;
    case 'MOV_imm8': return `r[${rd8}]=${imm8};c.n=0;c.z=${imm8 === 0 ? 1 : 0};`;
    case 'CMP_imm8': return `{const a=r[${rd8}];const b=${imm8};${SUBS}}`;
    case 'ADD_imm8': return `{const a=r[${rd8}];const b=${imm8};${ADDS}r[${rd8}]=res;}`;
    case 'SUB_imm8': return `{const a=r[${rd8}];const b=${imm8};${SUBS}r[${rd8}]=res;}`;
    case 'AND': return `{const res=r[${rd}]&r[${rm}];r[${rd}]=res;${NZ}}`;
    case 'EOR': return `{const res=r[${rd}]^r[${rm}];r[${rd}]=res;${NZ}}`;
    case 'ORR': return `{const res=r[${rd}]|r[${rm}];r[${rd}]=res;${NZ}}`;
    case 'BIC': return `{const res=r[${rd}]&~r[${rm}];r[${rd}]=res;${NZ}}`;
    case 'MVN': return `{const res=~r[${rm}];r[${rd}]=res;${NZ}}`;
    case 'TST': return `{const res=r[${rd}]&r[${rm}];${NZ}}`;
    case 'MUL': return `{const res=Math.imul(r[${rd}],r[${rm}]);r[${rd}]=res;${NZ}}`;
    case 'NEG': return `{const a=0;const b=r[${rm}];${SUBS}r[${rd}]=res;}`;
    case 'CMP_reg': return `{const a=r[${rd}];const b=r[${rm}];${SUBS}}`;
    case 'CMN': return `{const a=r[${rd}];const b=r[${rm}];${ADDS}}`;
    case 'ADC':
      return `{const a=r[${rd}];const b=r[${rm}];const ci=c.c;const res=(a+b+ci)|0;r[${rd}]=res;${NZ}` +
        'c.c=(a>>>0)+(b>>>0)+ci>0xffffffff?1:0;c.v=((a^res)&(b^res))>>>31;}';
    case 'SBC':
      return `{const a=r[${rd}];const b=r[${rm}];const nb=~b;const ci=c.c;const res=(a+nb+ci)|0;r[${rd}]=res;${NZ}` +
        'c.c=(a>>>0)+(nb>>>0)+ci>0xffffffff?1:0;c.v=((a^b)&(a^res))>>>31;}';
    case 'LSL_reg':
      return `{const sh=r[${rm}]&255;let res=r[${rd}];if(sh!==0){if(sh<32){c.c=(res>>>(32-sh))&1;res<<=sh;}` +
        `else{c.c=sh===32?res&1:0;res=0;}r[${rd}]=res;}${NZ}}`;
    case 'LSR_reg':
      return `{const sh=r[${rm}]&255;let res=r[${rd}];if(sh!==0){if(sh<32){c.c=(res>>>(sh-1))&1;res=(res>>>sh)|0;}` +
        `else{c.c=sh===32?res>>>31:0;res=0;}r[${rd}]=res;}${NZ}}`;
    case 'ASR_reg':
      return `{const sh=r[${rm}]&255;let res=r[${rd}];if(sh!==0){if(sh<32){c.c=(res>>(sh-1))&1;res>>=sh;}` +
        `else{c.c=res>>>31;res>>=31;}r[${rd}]=res;}${NZ}}`;
    case 'ROR':
      return `{const s=r[${rm}]&255;let res=r[${rd}];if(s!==0){const sh=s&31;if(sh===0){c.c=res>>>31;}` +
        `else{c.c=(res>>>(sh-1))&1;res=(res>>>sh)|(res<<(32-sh));r[${rd}]=res;}}${NZ}}`;
    default:
      return hiAndAddress(insn, addr, cls);
  }
}

/** High-register ADD/CMP/MOV (Rd != PC) and the PC/SP address arithmetic. */
function hiAndAddress(insn: number, addr: number, cls: ThumbClass): string | undefined {
  const hd = ((insn >> 4) & 8) | (insn & 7);
  const hm = (insn >> 3) & 15;
  const rd8 = (insn >> 8) & 7;
  switch (cls) {
    case 'ADD_hi':
      if (hd === 15) return undefined;
      return `r[${hd}]=(r[${hd}]+${reg(hm, addr)})|0;`;
    case 'MOV_hi':
      if (hd === 15) return undefined;
      return `r[${hd}]=${reg(hm, addr)};`;
    case 'CMP_hi': return `{const a=${reg(hd, addr)};const b=${reg(hm, addr)};${SUBS}}`;
    case 'ADD_pc': return `r[${rd8}]=${(((addr + 4) & ~3) + ((insn & 0xff) << 2)) | 0};`;
    case 'ADD_sp': return `r[${rd8}]=(r[13]+${(insn & 0xff) << 2})|0;`;
    case 'ADD_sp_imm7': return `r[13]=(r[13]+${(insn & 0x7f) << 2})|0;`;
    case 'SUB_sp_imm7': return `r[13]=(r[13]-${(insn & 0x7f) << 2})|0;`;
    default: return undefined;
  }
}

/** Code for the single loads and stores, or undefined. `exit` leaves the block after a stop. */
function transfer(insn: number, addr: number, cls: ThumbClass, exit: string): string | undefined {
  const rd = insn & 7;
  const rn = (insn >> 3) & 7;
  const rm = (insn >> 6) & 7;
  const rd8 = (insn >> 8) & 7;
  const regOff = `const a=(r[${rn}]+r[${rm}])|0;`;
  const imm = (scale: number): string => `const a=(r[${rn}]+${((insn >> 6) & 31) * scale})|0;`;
  const sp = `const a=(r[13]+${(insn & 0xff) << 2})|0;`;
  const fault = `if(m.faulted)${exit}`;
  const after = `if(c.stop)${exit}`;
  const word = (a: string, d: number): string =>
    `{${a}let v=m.read32(a);${fault}const t=(a&3)<<3;if(t!==0)v=(v>>>t)|(v<<(32-t));r[${d}]=v;${after}}`;
  const load = (a: string, d: number, ext: string): string => `{${a}const v=m.${ext};${fault}r[${d}]=`;
  switch (cls) {
    case 'LDR_pc': {
      const ea = (((addr + 4) & ~3) + ((insn & 0xff) << 2)) | 0;
      return `{const v=m.read32(${ea});${fault}r[${rd8}]=v;${after}}`;
    }
    case 'LDR_reg': return word(regOff, rd);
    case 'LDR_imm': return word(imm(4), rd);
    case 'LDR_sp': return word(sp, rd8);
    case 'LDRB_reg': return `${load(regOff, rd, 'read8(a)')}v&255;${after}}`;
    case 'LDRB_imm': return `${load(imm(1), rd, 'read8(a)')}v&255;${after}}`;
    case 'LDRH_reg': return `${load(regOff, rd, 'read16(a)')}v&65535;${after}}`;
    case 'LDRH_imm': return `${load(imm(2), rd, 'read16(a)')}v&65535;${after}}`;
    case 'LDRSB_reg': return `${load(regOff, rd, 'read8(a)')}(v<<24)>>24;${after}}`;
    case 'LDRSH_reg': return `${load(regOff, rd, 'read16(a)')}(v<<16)>>16;${after}}`;
    case 'STR_reg': return `{${regOff}m.write32(a,r[${rd}]);${after}}`;
    case 'STR_imm': return `{${imm(4)}m.write32(a,r[${rd}]);${after}}`;
    case 'STR_sp': return `{${sp}m.write32(a,r[${rd8}]);${after}}`;
    case 'STRB_reg': return `{${regOff}m.write8(a,r[${rd}]&255);${after}}`;
    case 'STRB_imm': return `{${imm(1)}m.write8(a,r[${rd}]&255);${after}}`;
    case 'STRH_reg': return `{${regOff}m.write16(a,r[${rd}]&65535);${after}}`;
    case 'STRH_imm': return `{${imm(2)}m.write16(a,r[${rd}]&65535);${after}}`;
    default: return undefined;
  }
}

/**
 * Code for PUSH, POP without the PC, STMIA and LDMIA, following loadstore.ts: stores ask for
 * watchpoints on their whole range first; loads keep the words in locals until every read
 * succeeded (an abort changes no register); LDMIA writes the base back before the loaded
 * registers (a base in the list keeps the loaded word); STMIA stores the original base.
 */
function multiple(insn: number, cls: ThumbClass, exit: string): string | undefined {
  const regs: number[] = [];
  for (let i = 0; i < 8; i++) if ((insn & (1 << i)) !== 0) regs.push(i);
  const fault = `if(m.faulted)${exit}`;
  const at = (k: number): string => (k === 0 ? 'a' : `(a+${4 * k})|0`);
  switch (cls) {
    case 'PUSH': {
      if ((insn & 0x100) !== 0) regs.push(14);
      const bytes = regs.length * 4;
      let code = `{const a=(r[13]-${bytes})|0;if(m.watcher!==undefined&&m.watchRange(a,${bytes},true))${exit}`;
      regs.forEach((i, k) => { code += `m.write32(${at(k)},r[${i}]);${fault}`; });
      return `${code}r[13]=a;if(c.stop)${exit}}`;
    }
    case 'POP': {
      if ((insn & 0x100) !== 0) return undefined;
      let code = '{const a=r[13];';
      regs.forEach((_, k) => { code += `const v${k}=m.read32(${at(k)});${fault}`; });
      regs.forEach((i, k) => { code += `r[${i}]=v${k};`; });
      return `${code}r[13]=(a+${regs.length * 4})|0;if(c.stop)${exit}}`;
    }
    case 'STMIA': {
      const n = (insn >> 8) & 7;
      const bytes = regs.length * 4;
      let code = `{const a=r[${n}];if(m.watcher!==undefined&&m.watchRange(a,${bytes},true))${exit}`;
      regs.forEach((i, k) => { code += `m.write32(${at(k)},r[${i}]);${fault}`; });
      return `${code}r[${n}]=(a+${bytes})|0;if(c.stop)${exit}}`;
    }
    case 'LDMIA': {
      const n = (insn >> 8) & 7;
      let code = `{const a=r[${n}];`;
      regs.forEach((_, k) => { code += `const v${k}=m.read32(${at(k)});${fault}`; });
      code += `r[${n}]=(a+${regs.length * 4})|0;`;
      regs.forEach((i, k) => { code += `r[${i}]=v${k};`; });
      return `${code}if(c.stop)${exit}}`;
    }
    default:
      return undefined;
  }
}

/**
 * Code for POP {..., pc}, emitted as a block's terminator; follows loadstore.ts pop(): every word
 * (the PC last) is read first (an abort changes no register and leaves through `exit`), then the
 * registers, SP, and the PC through the interworking rule of Cpu.branchExchange(v, true) in Thumb
 * state: bit 0 clear without SCTLR.L4 switches to ARM (branchExchange itself, which resyncs),
 * otherwise c.pc = v & ~1. The caller checks c.stop afterwards (it must not reset c.pc).
 */
export function inlineThumbPopPc(insn: number, exit: string): string {
  const regs: number[] = [];
  for (let i = 0; i < 8; i++) if ((insn & (1 << i)) !== 0) regs.push(i);
  const fault = `if(m.faulted)${exit}`;
  const at = (k: number): string => (k === 0 ? 'a' : `(a+${4 * k})|0`);
  let code = '{const a=r[13];';
  regs.forEach((_, k) => { code += `const v${k}=m.read32(${at(k)});${fault}`; });
  code += `const p=m.read32(${at(regs.length)});${fault}`;
  regs.forEach((i, k) => { code += `r[${i}]=v${k};`; });
  code += `r[13]=(a+${(regs.length + 1) * 4})|0;`;
  return `${code}if((p&1)===0&&(c.cp15.sctlr&32768)===0)c.branchExchange(p,true);else c.pc=p&~1;}`;
}

/**
 * Inline code for Thumb halfword `insn` of class `cls` at `addr`, or undefined to call its
 * handler. `exit` leaves the block when a memory access stopped the CPU.
 */
export function inlineThumb(insn: number, addr: number, cls: ThumbClass, exit: string): string | undefined {
  return dataProcessing(insn, addr, cls) ?? transfer(insn, addr, cls, exit) ?? multiple(insn, cls, exit);
}

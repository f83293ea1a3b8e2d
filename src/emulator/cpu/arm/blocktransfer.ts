import type { Cpu } from '../cpu.ts';

/**
 * LDM and STM, addressing mode 4 (ARM ARM A5.4):
 *
 *   cond 100 P U S W L Rn register_list      IA (P=0 U=1), IB (1 1), DA (0 0), DB (1 0)
 *
 * Registers transfer lowest-numbered at the lowest address. With S: STM stores, and LDM without
 * the PC loads, the user-mode registers; LDM with the PC copies the SPSR to the CPSR (exception
 * return). Implementation choices (docs/arm-behaviour.md):
 *  - address bits 1:0 are ignored (word accesses), unless SCTLR.A makes the MMU fault them;
 *  - STM with the base in the list stores the original base; LDM with the base in the list and
 *    writeback leaves the loaded value in the base;
 *  - LDM loading the PC without S interworks on bit 0 (ARMv5); the exception-return form aligns
 *    the PC for the state the restored CPSR selects; in USR/SYS (no SPSR) the CPSR is kept;
 *  - an empty register list (UNPREDICTABLE) transfers nothing and leaves the base unchanged;
 *  - the user-bank forms with writeback (UNPREDICTABLE) write back the current mode's base;
 *  - a data abort stops at the faulting word (FAR = its address) and changes no register; words
 *    an STM stored before it stay stored. A debugger watchpoint on any word stops an STM before
 *    its first store (Mmu.watchRange).
 */

/** Number of set bits of a 16-bit register list. */
function popcount16(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}

/** The lowest address accessed; leaves the written-back base in `newBase`. */
let newBase = 0;
function startAddress(base: number, insn: number, count: number): number {
  const bytes = count << 2;
  if ((insn & (1 << 23)) !== 0) {
    newBase = (base + bytes) | 0;
    return (insn & (1 << 24)) !== 0 ? (base + 4) | 0 : base;
  }
  newBase = (base - bytes) | 0;
  return (insn & (1 << 24)) !== 0 ? newBase : (newBase + 4) | 0;
}

/** LDM in all four modes, with writeback and the S forms. */
export function ldm(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const list = insn & 0xffff;
  const n = (insn >>> 16) & 15;
  const tmp = cpu.ldmTmp;
  let addr = startAddress(r[n]!, insn, popcount16(list));
  for (let l = list; l !== 0; l &= l - 1) {
    const i = 31 - Math.clz32(l & -l);
    tmp[i] = mmu.read32(addr);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  if ((insn & (1 << 21)) !== 0) r[n] = newBase;
  const s = (insn & (1 << 22)) !== 0;
  if (s && (list & 0x8000) === 0) {
    for (let l = list; l !== 0; l &= l - 1) {
      const i = 31 - Math.clz32(l & -l);
      cpu.setUserReg(i, tmp[i]!);
    }
    return;
  }
  for (let l = list & 0x7fff; l !== 0; l &= l - 1) {
    const i = 31 - Math.clz32(l & -l);
    r[i] = tmp[i]!;
  }
  if ((list & 0x8000) === 0) return;
  const pc = tmp[15]!;
  if (!s) {
    cpu.branchExchange(pc, true);
    return;
  }
  if (cpu.bank !== 0) cpu.writeCpsr(cpu.getSpsr());
  cpu.pc = cpu.t === 1 ? pc & ~1 : pc & ~3;
}

/** STM in all four modes, with writeback and the user-bank (S) form. The PC stores as + 12. */
export function stm(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const list = insn & 0xffff;
  const n = (insn >>> 16) & 15;
  const userBank = (insn & (1 << 22)) !== 0;
  const count = popcount16(list);
  let addr = startAddress(r[n]!, insn, count);
  const wb = newBase;
  if (mmu.watcher !== undefined && mmu.watchRange(addr, count << 2, true)) return;
  for (let l = list; l !== 0; l &= l - 1) {
    const i = 31 - Math.clz32(l & -l);
    let v: number;
    if (i === 15) v = (r[15]! + 4) | 0;
    else v = userBank ? cpu.getUserReg(i) : r[i]!;
    mmu.write32(addr, v);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  if ((insn & (1 << 21)) !== 0) r[n] = wb;
}

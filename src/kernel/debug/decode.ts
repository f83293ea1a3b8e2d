import * as protocol from '../ipc/protocol.ts';
import { SYSCALLS } from '../syscall/table.ts';
import { L4_ANYTHREAD, L4_NILTHREAD } from '../thread/tcb.ts';

/**
 * strace-style decoding for `--trace syscall,ipc,fault`: syscall names and arguments, IPC tag
 * names, FSR meanings. Pure functions of register values; nothing here touches the machine.
 */

/** Argument names of each syscall by index (ABI §2.1; r0, r1, ...). */
const SYSCALL_ARGS: readonly (readonly string[])[] = [
  ['to', 'from'], ['tid'], ['action', 'ids'], ['exregs', 'tid'], [], ['virt', 'npages', 'tid'],
  [], [], ['phys', 'virt', 'npages', 'flags', 'tid'], ['ids'], ['request', 'buf'],
  ['pfn', 'npages', 'grant'], ['tv', 'set'],
];

/**
 * IPC tags by number (libl4 ipcdefs.h, codezero-services.md §1.2, §5) with how many argument MRs
 * (MR2...) each request carries. Names that src/kernel/ipc/protocol.ts exports win.
 */
const TAGS: Record<number, [string, number]> = {
  0: ['PFAULT', 4], 3: ['SYNC', 0], 4: ['UTCB', 1], 5: ['GRANT', 4], 6: ['SHMGET', 3], 7: ['SHMAT', 3],
  8: ['SHMDT', 1], 9: ['MMAP', 1], 10: ['MUNMAP', 2], 11: ['MSYNC', 3], 12: ['OPEN', 3],
  13: ['READ', 3], 14: ['WRITE', 3], 15: ['LSEEK', 3], 16: ['CLOSE', 1], 17: ['BRK', 1],
  18: ['READDIR', 3], 19: ['MKDIR', 2], 20: ['EXECVE', 3], 21: ['CHDIR', 1], 22: ['FORK', 0],
  23: ['STAT', 2], 24: ['FSTAT', 2], 25: ['FSYNC', 1], 26: ['CLONE', 2], 27: ['EXIT', 1],
  28: ['WAIT', 1], 40: ['TASKDATA', 0],
};
for (const [name, value] of Object.entries(protocol)) {
  if (name.startsWith('L4_IPC_TAG_') && typeof value === 'number') {
    const prev = TAGS[value];
    TAGS[value] = [name.slice('L4_IPC_TAG_'.length), prev?.[1] ?? 4];
  }
}

/** The syscall name for the SWI at `swiAddr` ("ipc", "getid", or "swi@0x..." off the page). */
export function syscallName(swiAddr: number): string {
  const off = swiAddr - 0xfffff000;
  const e = off >= 0 && (off & 3) === 0 ? SYSCALLS[off >>> 2] : undefined;
  return e?.name ?? `swi@0x${(swiAddr >>> 0).toString(16)}`;
}

/** Small values in decimal, addresses and large values in hex (as strace prints them). */
export function fmtValue(v: number): string {
  v |= 0;
  return v > -4096 && v < 0x10000 ? String(v) : `0x${(v >>> 0).toString(16)}`;
}

/** A thread id argument: nil, any, or the number. */
export function fmtTid(v: number): string {
  v |= 0;
  return v === L4_NILTHREAD ? 'nil' : v === L4_ANYTHREAD ? 'any' : String(v);
}

/** "UTCB(4)": a tag's name and number, or just the number when it has no name. */
export function tagName(tag: number): string {
  const t = TAGS[tag | 0];
  return t === undefined ? String(tag | 0) : `${t[0]}(${tag | 0})`;
}

/** "tag=UTCB(4) mr2=2": the request in MRs `mrs` (MR0-MR5), with as many args as its tag has. */
export function describeRequest(mrs: ArrayLike<number>): string {
  const tag = mrs[0]! | 0;
  const n = TAGS[tag]?.[1] ?? 4;
  let s = `tag=${tagName(tag)}`;
  for (let i = 0; i < n; i++) s += ` mr${i + 2}=${fmtValue(mrs[i + 2]!)}`;
  return s;
}

/**
 * "ipc(to=0, from=0) tag=UTCB(4) mr2=2" or "getid(ids=0x1fffefd0)": a syscall and its arguments
 * from the caller's registers `regs` (r0-r8) at the trap.
 */
export function describeCall(swiAddr: number, regs: ArrayLike<number>): string {
  const name = syscallName(swiAddr);
  const off = swiAddr - 0xfffff000;
  const argNames = off >= 0 && (off & 3) === 0 ? SYSCALL_ARGS[off >>> 2] ?? [] : [];
  if (name === 'ipc') {
    const to = regs[0]! | 0;
    const call = `ipc(to=${fmtTid(to)}, from=${fmtTid(regs[1]!)})`;
    return to === L4_NILTHREAD ? call : `${call} ${describeRequest(Array.from({ length: 6 }, (_, i) => regs[3 + i]!))}`;
  }
  const args = argNames.map((a, i) => `${a}=${a === 'tid' ? fmtTid(regs[i]!) : fmtValue(regs[i]!)}`);
  return `${name}(${args.join(', ')})`;
}

/**
 * What an ipc returned: "= 0 mr0=0xf8002000" after a reply, and for a receive the message taken
 * ("= 0 from=3 tag=WRITE(14) mr2=..."); other syscalls just "= r0".
 */
export function describeResult(swiAddr: number, regs: ArrayLike<number>, wasReceive: boolean, wasSend: boolean): string {
  const r = `= ${fmtValue(regs[0]!)}`;
  if (syscallName(swiAddr) !== 'ipc' || (regs[0]! | 0) !== 0) return r;
  if (wasReceive && !wasSend) {
    return `${r} from=${fmtTid(regs[4]!)} ${describeRequest(Array.from({ length: 6 }, (_, i) => regs[3 + i]!))}`;
  }
  return wasReceive ? `${r} mr0=${fmtValue(regs[3]!)}` : r;
}

/** "page translation fault" etc.: the meaning of FSR status bits [3:0] (ARM ARM B4-19). */
export function fsrMeaning(fsr: number): string {
  switch (fsr & 0xf) {
    case 0x1: case 0x3: return 'alignment fault';
    case 0x5: return 'section translation fault';
    case 0x7: return 'page translation fault';
    case 0x9: return 'section domain fault';
    case 0xb: return 'page domain fault';
    case 0xd: return 'section permission fault';
    case 0xf: return 'page permission fault';
    case 0x8: return 'external abort';
    default: return `fault status 0x${(fsr & 0xf).toString(16)}`;
  }
}

/**
 * Whether the ARM instruction `insn` reads, writes or does both (ARMv5 FSRs do not say):
 * 'read', 'write', 'read/write' (SWP), or undefined for a word that is no load or store.
 */
export function armAccess(insn: number): 'read' | 'write' | 'read/write' | undefined {
  insn >>>= 0;
  const l = (insn >>> 20) & 1;
  if ((insn & 0x0c000000) === 0x04000000) return l ? 'read' : 'write'; // LDR/STR
  if ((insn & 0x0e000000) === 0x08000000) return l ? 'read' : 'write'; // LDM/STM
  if ((insn & 0x0fb00ff0) === 0x01000090) return 'read/write'; // SWP/SWPB
  if ((insn & 0x0e000090) === 0x00000090 && (insn & 0x60) !== 0) {
    if (l) return 'read';
    return (insn & 0x60) === 0x40 ? 'read' : 'write'; // LDRD (S=1,H=0) reads; STRH/STRD write
  }
  if ((insn & 0x0e000000) === 0x0c000000) return l ? 'read' : 'write'; // LDC/STC
  return undefined;
}

import type { Arch, PAddr, VAddr } from '../arch/machine.ts';

/**
 * Debugger access to a thread's memory by walking its page tables in software, the way the MMU
 * would, but without faulting anything in, without touching the TLB, CP15 or any device, and
 * without disturbing the guest: a page the task has not touched yet is simply unavailable.
 *
 *   L1 entry  = l1 + (VA >>> 20) * 4            bits 1:0: 00 fault, 01 coarse, 10 section, 11 fine
 *   L2 entry  = coarse base + VA[19:12] * 4  |  fine base + VA[19:10] * 4
 *               bits 1:0: 00 fault, 01 large 64K, 10 small 4K, 11 tiny 1K
 *   AP (user view):  00 none   01 none (kernel RW)   10 read-only   11 read/write
 */

/** The result of one walk, with every step for `pt` output. */
export interface PtWalk {
  va: VAddr;
  l1Index: number;
  l1Addr: PAddr;
  l1Desc: number;
  domain: number;
  l2Addr?: PAddr;
  l2Desc?: number;
  kind: 'unmapped' | 'section' | 'large' | 'small' | 'tiny';
  /** Physical address of `va` when mapped. */
  pa?: PAddr;
  /** The AP field that governs `va`. */
  ap?: number;
}

const AP_TEXT = ['no access', 'kernel read/write, user none', 'kernel read/write, user read-only',
  'read/write'];

/**
 * Walks the tables rooted at physical `l1` (a 16 KB first-level table) for `va`. Reads only RAM;
 * a descriptor pointing outside RAM reads as a fault. Never throws.
 */
export function walkTables(arch: Arch, l1: PAddr, va: VAddr): PtWalk {
  va >>>= 0;
  const l1Index = va >>> 20;
  const l1Addr = (l1 + l1Index * 4) >>> 0;
  const l1Desc = readDesc(arch, l1Addr);
  const domain = (l1Desc >>> 5) & 0xf;
  const w: PtWalk = { va, l1Index, l1Addr, l1Desc, domain, kind: 'unmapped' };
  const t1 = l1Desc & 3;
  if (t1 === 0) return w;
  if (t1 === 2) {
    w.kind = 'section';
    w.pa = ((l1Desc & 0xfff00000) | (va & 0xfffff)) >>> 0;
    w.ap = (l1Desc >>> 10) & 3;
    return w;
  }
  const l2Addr = t1 === 1 ? ((l1Desc & 0xfffffc00) | (((va >>> 12) & 0xff) << 2)) >>> 0
    : ((l1Desc & 0xfffff000) | (((va >>> 10) & 0x3ff) << 2)) >>> 0;
  const l2Desc = readDesc(arch, l2Addr);
  w.l2Addr = l2Addr;
  w.l2Desc = l2Desc;
  const t2 = l2Desc & 3;
  if (t2 === 0 || (t2 === 3 && t1 === 1)) return w;
  if (t2 === 1) {
    w.kind = 'large';
    w.pa = ((l2Desc & 0xffff0000) | (va & 0xffff)) >>> 0;
    w.ap = (l2Desc >>> (4 + ((va >>> 14) & 3) * 2)) & 3;
  } else if (t2 === 2) {
    w.kind = 'small';
    w.pa = ((l2Desc & 0xfffff000) | (va & 0xfff)) >>> 0;
    w.ap = (l2Desc >>> (4 + ((va >>> 10) & 3) * 2)) & 3;
  } else {
    w.kind = 'tiny';
    w.pa = ((l2Desc & 0xfffffc00) | (va & 0x3ff)) >>> 0;
    w.ap = (l2Desc >>> 4) & 3;
  }
  return w;
}

function readDesc(arch: Arch, pa: PAddr): number {
  return pa + 4 <= arch.ramSize ? arch.read32(pa & ~3) : 0;
}

/** The `pt TID VA` text: one line per step of the walk. */
export function describeWalk(w: PtWalk): string {
  const h = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
  const l1Type = ['fault', 'coarse table', 'section', 'fine table'][w.l1Desc & 3]!;
  const lines = [`va ${h(w.va)}`,
    `L1[${w.l1Index}] at ${h(w.l1Addr)} = ${h(w.l1Desc)} (${l1Type}${(w.l1Desc & 3) !== 0 ? `, domain ${w.domain}` : ''})`];
  if (w.l2Addr !== undefined) {
    const t2 = ['fault', 'large page', 'small page', 'tiny page'][w.l2Desc! & 3]!;
    lines.push(`L2 at ${h(w.l2Addr)} = ${h(w.l2Desc!)} (${t2})`);
  }
  if (w.pa === undefined) lines.push('unmapped (translation fault)');
  else lines.push(`pa ${h(w.pa)}, AP ${w.ap} (${AP_TEXT[w.ap!]}), domain ${w.domain}`);
  return lines.join('\n');
}

/**
 * Reads up to `len` bytes at `va` through the tables at `l1`: stops at the first byte whose page
 * is unmapped or is not RAM (device registers are never read, as reads may have side effects).
 */
export function debugRead(arch: Arch, l1: PAddr, va: VAddr, len: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, len));
  let done = 0;
  while (done < len) {
    const a = (va + done) >>> 0;
    const w = walkTables(arch, l1, a);
    if (w.pa === undefined) break;
    const n = Math.min(len - done, 0x400 - (a & 0x3ff));
    if (w.pa + n > arch.ramSize) break;
    out.set(arch.ram.subarray(w.pa, w.pa + n), done);
    done += n;
    if (((va + done) >>> 0) === 0 && done < len) break; // wrapped past 0xFFFFFFFF
  }
  return out.slice(0, done);
}

/**
 * Writes `data` at `va` through the tables at `l1`, only to RAM pages already mapped user
 * read/write (a read-only page may be a frame shared copy-on-write, or text). Checks every page
 * first, so a refused write changes nothing. Returns false when refused.
 */
export function debugWrite(arch: Arch, l1: PAddr, va: VAddr, data: Uint8Array): boolean {
  const pas: { pa: number; off: number; n: number }[] = [];
  for (let off = 0; off < data.length;) {
    const a = (va + off) >>> 0;
    const w = walkTables(arch, l1, a);
    const n = Math.min(data.length - off, 0x400 - (a & 0x3ff));
    if (w.pa === undefined || w.ap !== 3 || w.pa + n > arch.ramSize) return false;
    pas.push({ pa: w.pa, off, n });
    off += n;
  }
  for (const p of pas) arch.writeBytes(p.pa, data.subarray(p.off, p.off + p.n));
  return true;
}

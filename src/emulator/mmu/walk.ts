import type { Bus } from '../bus/bus.ts';
import { SCTLR_M, SCTLR_R, SCTLR_S, type Cp15 } from '../cp15/cp15.ts';

/**
 * The ARMv5 short-descriptor translation table walk (ARM ARM B3), with domain and AP checks.
 *
 * First level (TTBR[31:14] | MVA[31:20] << 2):
 *   bits 1:0 = 00 fault | 01 coarse table, base [31:10] | 10 section, base [31:20] | 11 fine, base [31:12]
 *   domain [8:5]; section AP [11:10]
 * Second level, coarse (base | MVA[19:12] << 2) or fine (base | MVA[19:10] << 2):
 *   bits 1:0 = 00 fault | 01 large 64 KB, base [31:16] | 10 small 4 KB, base [31:12] |
 *              11 tiny 1 KB, base [31:10] (fine tables only; a translation fault in a coarse table)
 *   AP3..AP0 at [11:4], chosen by MVA[15:14] (large) or MVA[11:10] (small); tiny has one AP at [5:4].
 *
 * Fault status codes (FSR[3:0]), with the domain in FSR[7:4] where the manual says it is valid:
 *   0x1 alignment, 0x5 section translation, 0x7 page translation, 0x9 section domain,
 *   0xB page domain, 0xD section permission, 0xF page permission.
 *
 * Choices, checked against the ARM ARM (B3, B4) and the ARM926EJ-S TRM (3.2, 3.5):
 *  - Fault order is the TRM's "sequence for checking faults": alignment (in the MMU), then the
 *    first-level translation fault, then for pages the second-level fetch and its translation
 *    fault, then the domain (00 and the reserved 10 both fault, 11 skips AP), then AP. So a page
 *    whose level-2 entry is invalid reports 0x7 even in a no-access domain.
 *  - A section translation fault carries domain 0 (the TRM marks that field invalid); every other
 *    code carries the level-1 descriptor's domain.
 *  - A tiny-page descriptor (bits 1:0 = 11) in a coarse table: the TRM says coarse tables hold only
 *    large and small pages and neither manual defines what such an entry does. czemu reports a
 *    page translation fault, so a kernel that writes one sees an abort rather than a mapping.
 *  - Replicated descriptors (large pages 16x in coarse / 64x in fine tables, small pages 4x in fine
 *    tables) are read at the entry the MVA indexes; the manuals make non-identical copies
 *    UNPREDICTABLE, so czemu uses the one entry it read.
 *  - AP 00 with S = R = 1 is UNPREDICTABLE: czemu denies every access.
 *  - The FCSE relocates VAs below 32 MB (VA[31:25] = 0) by the PID whether or not the MMU is on
 *    (TRM: all core addresses go through it); with the MMU off the MVA is the physical address.
 */
export const FSR_ALIGNMENT = 0x1;
export const FSR_TRANSLATION_SECTION = 0x5;
export const FSR_TRANSLATION_PAGE = 0x7;
export const FSR_DOMAIN_SECTION = 0x9;
export const FSR_DOMAIN_PAGE = 0xb;
export const FSR_PERMISSION_SECTION = 0xd;
export const FSR_PERMISSION_PAGE = 0xf;

/** Reusable out-parameters of a walk, so the hot path allocates nothing. */
export interface WalkOut {
  /** Physical address (unsigned) when the walk succeeded. */
  pa: number;
  /** FSR value (status | domain << 4) when it failed. */
  fsr: number;
  /**
   * True when every byte of the 4 KB page holding the address maps contiguously with the same
   * permission for this access, so a 4 KB TLB entry may cache the result.
   */
  whole4k: boolean;
  /** The level-2 (or section) descriptor found, for debuggers; 0 when there is none. */
  descriptor: number;
  /** Physical address of the descriptor read last (for `pt` debugger output). */
  descriptorAddr: number;
  /** The modified virtual address the walk translated (VA after FCSE relocation). */
  mva: number;
  /**
   * log2 of the size of the mapping found: 20 section, 16 large, 12 small (and MMU off), 10 tiny.
   * A TLB caching 4 KB slices of a larger mapping uses it to honour by-MVA invalidation.
   */
  blockShift: number;
}

/** Creates a WalkOut with zeroed fields. */
export function newWalkOut(): WalkOut {
  return { pa: 0, fsr: 0, whole4k: false, descriptor: 0, descriptorAddr: 0, mva: 0, blockShift: 12 };
}

/**
 * Whether access permission bits `ap` allow the access under SCTLR S and R (ARM ARM table B4-1):
 *   AP  S R   privileged  user
 *   00  0 0   none        none
 *   00  1 0   read        none
 *   00  0 1   read        read
 *   00  1 1   (UNPREDICTABLE: czemu denies)
 *   01        read/write  none
 *   10        read/write  read
 *   11        read/write  read/write
 */
export function apAllows(ap: number, sctlr: number, write: boolean, user: boolean): boolean {
  switch (ap) {
    case 0: {
      if (write) return false;
      const s = (sctlr & SCTLR_S) !== 0;
      const r = (sctlr & SCTLR_R) !== 0;
      if (s && !r) return !user;
      if (r && !s) return true;
      return false;
    }
    case 1:
      return !user;
    case 2:
      return !user || !write;
    default:
      return true;
  }
}

/** The modified virtual address of `va` (ARM ARM FCSE): VAs below 32 MB are relocated by the PID. */
export function fcseMva(va: number, fcsePid: number): number {
  va >>>= 0;
  return va < 0x02000000 ? (va | fcsePid) >>> 0 : va;
}

/**
 * Translates virtual address `va` for a read (or fetch) or a write in user or privileged mode.
 * Applies the FCSE PID to addresses below 32 MB. With the MMU off the MVA is the physical address.
 * Returns true with out.pa set, or false with out.fsr set; out.mva is set either way; never throws.
 */
export function walk(bus: Bus, cp15: Cp15, va: number, write: boolean, user: boolean, out: WalkOut): boolean {
  va >>>= 0;
  if (va < 0x02000000) va = (va | cp15.fcsePid) >>> 0;
  const sctlr = cp15.sctlr;
  out.mva = va;
  out.descriptor = 0;
  out.descriptorAddr = 0;
  out.blockShift = 12;
  if ((sctlr & SCTLR_M) === 0) {
    out.pa = va;
    out.whole4k = true;
    return true;
  }
  const l1Addr = ((cp15.ttbr & 0xffffc000) | ((va >>> 20) << 2)) >>> 0;
  const l1 = bus.read(l1Addr, 4) >>> 0;
  out.descriptorAddr = l1Addr;
  out.descriptor = l1;
  const type1 = l1 & 3;
  if (type1 === 0) {
    out.fsr = FSR_TRANSLATION_SECTION;
    return false;
  }
  const domain = (l1 >>> 5) & 0xf;
  const dacc = (cp15.dacr >>> (domain * 2)) & 3;
  if (type1 === 2) {
    // Section: domain check first, then AP for client domains.
    if (dacc === 0 || dacc === 2) {
      out.fsr = FSR_DOMAIN_SECTION | (domain << 4);
      return false;
    }
    if (dacc === 1 && !apAllows((l1 >>> 10) & 3, sctlr, write, user)) {
      out.fsr = FSR_PERMISSION_SECTION | (domain << 4);
      return false;
    }
    out.pa = ((l1 & 0xfff00000) | (va & 0x000fffff)) >>> 0;
    out.whole4k = true;
    out.blockShift = 20;
    return true;
  }
  const l2Addr =
    type1 === 1
      ? ((l1 & 0xfffffc00) | (((va >>> 12) & 0xff) << 2)) >>> 0
      : ((l1 & 0xfffff000) | (((va >>> 10) & 0x3ff) << 2)) >>> 0;
  const l2 = bus.read(l2Addr, 4) >>> 0;
  out.descriptorAddr = l2Addr;
  out.descriptor = l2;
  const type2 = l2 & 3;
  if (type2 === 0 || (type2 === 3 && type1 === 1)) {
    out.fsr = FSR_TRANSLATION_PAGE | (domain << 4);
    return false;
  }
  if (dacc === 0 || dacc === 2) {
    out.fsr = FSR_DOMAIN_PAGE | (domain << 4);
    return false;
  }
  let pa: number;
  let ap: number;
  let whole = true;
  let shift = 12;
  if (type2 === 1) {
    shift = 16;
    ap = (l2 >>> (4 + ((va >>> 14) & 3) * 2)) & 3;
    pa = (l2 & 0xffff0000) | (va & 0xffff);
  } else if (type2 === 2) {
    ap = (l2 >>> (4 + ((va >>> 10) & 3) * 2)) & 3;
    pa = (l2 & 0xfffff000) | (va & 0xfff);
    if (dacc === 1) {
      // The 4 KB entry is cacheable only if all four 1 KB subpages allow this access.
      for (let s = 0; s < 4 && whole; s++) {
        whole = apAllows((l2 >>> (4 + s * 2)) & 3, sctlr, write, user);
      }
    }
  } else {
    ap = (l2 >>> 4) & 3;
    pa = (l2 & 0xfffffc00) | (va & 0x3ff);
    whole = false;
    shift = 10;
  }
  if (dacc === 1 && !apAllows(ap, sctlr, write, user)) {
    out.fsr = FSR_PERMISSION_PAGE | (domain << 4);
    return false;
  }
  out.pa = pa >>> 0;
  out.whole4k = whole;
  out.blockShift = shift;
  return true;
}

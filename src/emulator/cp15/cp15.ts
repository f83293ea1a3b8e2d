/**
 * CP15, the ARM926EJ-S system control coprocessor: identification, SCTLR, translation table base,
 * domain access control, fault status and address, cache operations (no-ops: czemu has no caches),
 * TLB operations and the FCSE PID. Registers are addressed by (CRn, opcode1, CRm, opcode2).
 *
 * SCTLR bits (ARM926EJ-S TRM, c1):
 *   0 M mmu  1 A alignment  2 C dcache  3 W wbuf (SBO)  6:4 SBO  7 B big-endian (RAZ: czemu is
 *   little-endian only)  8 S  9 R  12 I icache  13 V high vectors  14 RR  15 L4  16,18 SBO
 *   Reset value 0x00050078 (VINITHI low: low vectors). Writes keep the SBO bits set and drop the
 *   SBZ ones and B; C, I and RR are stored and read back though czemu has no caches.
 *
 * Choices:
 *  - Every access is privileged-only; the CPU raises UNDEFINED for user-mode MRC/MCR (cpu.mcr15).
 *  - Unknown (CRn, op1, CRm, op2) encodings, op1 != 0 and writes to read-only c0 are UNDEFINED
 *    (read returns undefined, write returns CP15_UNDEFINED); unimplemented c0 ID encodings
 *    (op2 = 3..7) read as the MIDR, as the ARM ARM asks.
 *  - c8 TLB operations: CRm 5 (I), 6 (D), 7 (unified), op2 0 (all) or 1 (by MVA); czemu has one
 *    TLB for both sides, so the I and D variants act on it. Other c8 encodings are UNDEFINED.
 *  - c7 cache operations are no-ops for every CRm/op2 (lenient: a guest's cache maintenance never
 *    faults); the test-and-clean MRCs report "clean" (Z set).
 *  - c9 (cache lockdown CRm 0, TCM region CRm 1; op2 0 D, 1 I) and c10 (TLB lockdown, CRm 0 op2 0)
 *    accept writes and read 0; other c9/c10 encodings are UNDEFINED. c15 (implementation test
 *    registers) reads 0 and ignores writes.
 *  - c13: FCSE PID [31:25] (writes flush czemu's VA-tagged TLB) and the context ID (op2 = 1).
 */
export const MIDR_ARM926 = 0x41069265;
/**
 * Cache type register (ARM926EJ-S TRM, c0 op2 = 1), the ARM926EJ-S's 16 KB I and D caches:
 *
 *   31 29 28   25 24 23          12 11           0      each size field (12 bits):
 *   [000][Ctype ][S ][   Dsize    ][    Isize    ]      11:10 SBZ | 9:6 size | 5:3 assoc | 2 M | 1:0 len
 *
 *   Ctype 0b1110: write-back, cleaning by register 7, lockdown format C
 *   S     1:      separate (Harvard) I and D caches
 *   size  0b0101: 16 KB (with M = 0);  assoc 0b010: 4-way;  len 0b10: 8 words (32-byte lines)
 *   => Dsize = Isize = 0x152 and CTR = 0x1C000000 | 0x01000000 | 0x152 << 12 | 0x152 = 0x1D152152.
 *
 * QEMU's arm926 reports 0x01DD20D2 (Ctype 0, P and reserved bit 10 set); czemu follows the TRM and
 * images/cpu/divergent.S checks the full value (docs/images.md lists the divergence).
 */
export const CTR_ARM926 = 0x1d152152;
export const SCTLR_M = 1 << 0;
export const SCTLR_A = 1 << 1;
export const SCTLR_S = 1 << 8;
export const SCTLR_R = 1 << 9;
export const SCTLR_V = 1 << 13;
export const SCTLR_L4 = 1 << 15;
const SCTLR_SBO = 0x00050078;
const SCTLR_WRITABLE = 0x0000f307;

/** What an MCR did, for the owner to act on. */
export const CP15_OK = 0;
/** The MMU configuration (SCTLR, TTBR, DACR, PID) changed: the TLB must be flushed. */
export const CP15_FLUSH_TLB = 1;
/** A single TLB entry (by MVA in `lastMva`) must be flushed. */
export const CP15_FLUSH_ENTRY = 2;
/** The access is not a CP15 register: UNDEFINED instruction. */
export const CP15_UNDEFINED = -1;

export class Cp15 {
  sctlr = SCTLR_SBO;
  ttbr = 0;
  dacr = 0;
  dfsr = 0;
  ifsr = 0;
  far = 0;
  fcsePid = 0;
  contextId = 0;
  /** MVA operand of the last single-entry TLB operation. */
  lastMva = 0;

  /** Restores the reset values (MMU off, low vectors, all fault registers zero). */
  reset(): void {
    this.sctlr = SCTLR_SBO;
    this.ttbr = this.dacr = this.dfsr = this.ifsr = this.far = 0;
    this.fcsePid = this.contextId = this.lastMva = 0;
  }

  /**
   * MRC: the value of (crn, op1, crm, op2), or undefined for an encoding CP15 does not implement
   * (which the CPU turns into an undefined-instruction exception).
   */
  read(crn: number, op1: number, crm: number, op2: number): number | undefined {
    if (op1 !== 0) return undefined;
    switch (crn) {
      case 0:
        if (crm !== 0) return undefined;
        if (op2 === 0) return MIDR_ARM926;
        if (op2 === 1) return CTR_ARM926;
        if (op2 === 2) return 0; // TCM status: no TCMs
        return MIDR_ARM926; // unimplemented ID registers read as MIDR (ARM ARM B2.3)
      case 1:
        return crm === 0 && op2 === 0 ? this.sctlr : undefined;
      case 2:
        return crm === 0 && op2 === 0 ? this.ttbr : undefined;
      case 3:
        return crm === 0 && op2 === 0 ? this.dacr : undefined;
      case 5:
        if (crm !== 0) return undefined;
        return op2 === 0 ? this.dfsr : op2 === 1 ? this.ifsr : undefined;
      case 6:
        return crm === 0 && op2 === 0 ? this.far : undefined;
      case 7:
        // c7,c10,3 / c7,c14,3 test (and clean / invalidate) the D-cache: MRC to r15 copies bits
        // 31:28 to the flags and Z (bit 30) set means "clean", which ends the guest's loop.
        if ((crm === 10 || crm === 14) && op2 === 3) return 1 << 30;
        return 0;
      case 9:
        // Cache lockdown (CRm 0) and TCM regions (CRm 1), D (op2 0) and I (op2 1): no caches or
        // TCMs, so nothing is locked and no region is enabled.
        return crm <= 1 && op2 <= 1 ? 0 : undefined;
      case 10:
        return crm === 0 && op2 === 0 ? 0 : undefined; // TLB lockdown: nothing preserved
      case 15:
        return 0; // test and debug registers: nothing to report
      case 13:
        if (crm !== 0) return undefined;
        return op2 === 0 ? this.fcsePid : op2 === 1 ? this.contextId : undefined;
      default:
        return undefined;
    }
  }

  /** MCR: writes (crn, op1, crm, op2) and returns what the CPU must do about it (CP15_*). */
  write(crn: number, op1: number, crm: number, op2: number, value: number): number {
    if (op1 !== 0) return CP15_UNDEFINED;
    switch (crn) {
      case 1:
        if (crm !== 0 || op2 !== 0) return CP15_UNDEFINED;
        this.sctlr = ((value & SCTLR_WRITABLE) | SCTLR_SBO) >>> 0;
        return CP15_FLUSH_TLB;
      case 2:
        if (crm !== 0 || op2 !== 0) return CP15_UNDEFINED;
        this.ttbr = (value & 0xffffc000) >>> 0;
        return CP15_FLUSH_TLB;
      case 3:
        if (crm !== 0 || op2 !== 0) return CP15_UNDEFINED;
        this.dacr = value >>> 0;
        return CP15_FLUSH_TLB;
      case 5:
        if (crm !== 0) return CP15_UNDEFINED;
        if (op2 === 0) this.dfsr = value & 0x1ff;
        else if (op2 === 1) this.ifsr = value & 0x1ff;
        else return CP15_UNDEFINED;
        return CP15_OK;
      case 6:
        if (crm !== 0 || op2 !== 0) return CP15_UNDEFINED;
        this.far = value >>> 0;
        return CP15_OK;
      case 7:
        return CP15_OK; // caches, write buffer, wait-for-interrupt: no caches to maintain
      case 8:
        if (crm < 5 || crm > 7) return CP15_UNDEFINED;
        if (op2 === 0) return CP15_FLUSH_TLB;
        if (op2 === 1) {
          this.lastMva = value >>> 0;
          return CP15_FLUSH_ENTRY;
        }
        return CP15_UNDEFINED;
      case 9:
        return crm <= 1 && op2 <= 1 ? CP15_OK : CP15_UNDEFINED;
      case 10:
        return crm === 0 && op2 === 0 ? CP15_OK : CP15_UNDEFINED;
      case 15:
        return CP15_OK;
      case 13:
        if (crm !== 0) return CP15_UNDEFINED;
        if (op2 === 0) {
          this.fcsePid = (value & 0xfe000000) >>> 0;
          return CP15_FLUSH_TLB;
        }
        if (op2 === 1) {
          this.contextId = value >>> 0;
          return CP15_OK;
        }
        return CP15_UNDEFINED;
      default:
        return CP15_UNDEFINED;
    }
  }
}

import { describe, expect, it } from 'vitest';
import {
  CP15_FLUSH_ENTRY, CP15_FLUSH_TLB, CP15_OK, CP15_UNDEFINED, CTR_ARM926, Cp15, MIDR_ARM926,
} from '../../../src/emulator/cp15/cp15.ts';

describe('CP15 identification (c0)', () => {
  it('MIDR is the ARM926EJ-S r0p5 and unimplemented ID encodings read as the MIDR', () => {
    const c = new Cp15();
    expect(c.read(0, 0, 0, 0)).toBe(0x41069265);
    expect(MIDR_ARM926).toBe(0x41069265);
    for (const op2 of [3, 4, 5, 6, 7]) expect(c.read(0, 0, 0, op2)).toBe(0x41069265);
    expect(c.read(0, 0, 0, 2)).toBe(0); // TCM status: no TCMs
    expect(c.read(0, 0, 1, 0)).toBeUndefined();
    expect(c.write(0, 0, 0, 0, 1)).toBe(CP15_UNDEFINED);
  });

  it('the cache type register follows the TRM: write-back Harvard, 16 KB 4-way 32-byte-line I and D', () => {
    const ctr = new Cp15().read(0, 0, 0, 1)!;
    expect(ctr).toBe(CTR_ARM926);
    expect(ctr >>> 0).toBe(0x1d152152);
    expect(ctr >>> 29).toBe(0); // [31:29] 000
    expect((ctr >>> 25) & 0xf).toBe(0b1110); // Ctype: write-back, register 7 clean, format C
    expect((ctr >>> 24) & 1).toBe(1); // S: separate I and D caches
    for (const field of [(ctr >>> 12) & 0xfff, ctr & 0xfff]) {
      expect(field >>> 10).toBe(0); // SBZ
      expect((field >>> 6) & 0xf).toBe(0b0101); // size: 16 KB
      expect((field >>> 3) & 7).toBe(0b010); // assoc: 4-way
      expect((field >>> 2) & 1).toBe(0); // M
      expect(field & 3).toBe(0b10); // len: 8 words
    }
    expect(new Cp15().write(0, 0, 0, 1, 0)).toBe(CP15_UNDEFINED); // read-only
  });
});

describe('CP15 c1 SCTLR', () => {
  it('resets to 0x00050078 and keeps SBO bits set, SBZ and B clear on writes', () => {
    const c = new Cp15();
    expect(c.read(1, 0, 0, 0)).toBe(0x00050078);
    expect(c.write(1, 0, 0, 0, 0xffffffff)).toBe(CP15_FLUSH_TLB);
    // M A C | W + SBO 6:4 | S R | I V RR L4 | SBO 16, 18; B (7), 10, 11, 17, 19-31 read as zero.
    expect(c.read(1, 0, 0, 0)).toBe(0x0005f37f);
    expect(c.write(1, 0, 0, 0, 0)).toBe(CP15_FLUSH_TLB);
    expect(c.read(1, 0, 0, 0)).toBe(0x00050078);
    c.write(1, 0, 0, 0, 0x2001); // V and M
    expect(c.sctlr).toBe(0x00052079);
    expect(c.read(1, 0, 0, 1)).toBeUndefined();
    expect(c.write(1, 0, 1, 0, 0)).toBe(CP15_UNDEFINED);
  });
});

describe('CP15 MMU registers', () => {
  it('TTBR keeps bits 31:14; DACR keeps all 32 bits; both ask for a TLB flush', () => {
    const c = new Cp15();
    expect(c.write(2, 0, 0, 0, 0x12347fff)).toBe(CP15_FLUSH_TLB);
    expect(c.read(2, 0, 0, 0)).toBe(0x12344000);
    expect(c.write(2, 0, 0, 0, -1)).toBe(CP15_FLUSH_TLB);
    expect(c.ttbr).toBe(0xffffc000);
    expect(c.write(3, 0, 0, 0, 0xdeadbeef)).toBe(CP15_FLUSH_TLB);
    expect(c.read(3, 0, 0, 0)).toBe(0xdeadbeef);
  });

  it('DFSR (op2 0), IFSR (op2 1) and FAR read back what was written', () => {
    const c = new Cp15();
    expect(c.write(5, 0, 0, 0, 0xffff01fb)).toBe(CP15_OK);
    expect(c.write(5, 0, 0, 1, 0x0000001f)).toBe(CP15_OK);
    expect(c.read(5, 0, 0, 0)).toBe(0x1fb);
    expect(c.read(5, 0, 0, 1)).toBe(0x1f);
    expect(c.read(5, 0, 0, 2)).toBeUndefined();
    expect(c.write(5, 0, 0, 2, 0)).toBe(CP15_UNDEFINED);
    expect(c.write(6, 0, 0, 0, 0x80000001)).toBe(CP15_OK);
    expect(c.read(6, 0, 0, 0)).toBe(0x80000001);
    expect(c.read(6, 0, 0, 1)).toBeUndefined();
  });

  it('c8 TLB operations: CRm 5/6/7 with op2 0 flush all, op2 1 flush by MVA; others undefined', () => {
    const c = new Cp15();
    for (const crm of [5, 6, 7]) {
      expect(c.write(8, 0, crm, 0, 0)).toBe(CP15_FLUSH_TLB);
      expect(c.write(8, 0, crm, 1, 0x80001234 + crm)).toBe(CP15_FLUSH_ENTRY);
      expect(c.lastMva).toBe(0x80001234 + crm);
      expect(c.write(8, 0, crm, 2, 0)).toBe(CP15_UNDEFINED);
    }
    expect(c.write(8, 0, 0, 0, 0)).toBe(CP15_UNDEFINED);
    expect(c.write(8, 0, 8, 0, 0)).toBe(CP15_UNDEFINED);
    expect(c.write(8, 1, 7, 0, 0)).toBe(CP15_UNDEFINED);
  });

  it('c13: FCSE PID keeps bits 31:25 and flushes; the context ID is stored whole', () => {
    const c = new Cp15();
    expect(c.write(13, 0, 0, 0, 0xffffffff)).toBe(CP15_FLUSH_TLB);
    expect(c.read(13, 0, 0, 0)).toBe(0xfe000000);
    expect(c.write(13, 0, 0, 1, 0x12345678)).toBe(CP15_OK);
    expect(c.read(13, 0, 0, 1)).toBe(0x12345678);
    expect(c.read(13, 0, 0, 2)).toBeUndefined();
    expect(c.write(13, 0, 1, 0, 0)).toBe(CP15_UNDEFINED);
  });
});

describe('CP15 caches and unknown registers', () => {
  it('c7 operations are accepted; test-and-clean reads report clean (Z, bit 30)', () => {
    const c = new Cp15();
    expect(c.write(7, 0, 7, 0, 0)).toBe(CP15_OK);
    expect(c.write(7, 0, 10, 4, 0)).toBe(CP15_OK);
    expect(c.read(7, 0, 10, 3)).toBe(0x40000000);
    expect(c.read(7, 0, 14, 3)).toBe(0x40000000);
  });

  it('c9 cache lockdown / TCM region and c10 TLB lockdown read 0 and accept writes', () => {
    const c = new Cp15();
    for (const [crm, op2] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
      expect(c.read(9, 0, crm!, op2!)).toBe(0);
      expect(c.write(9, 0, crm!, op2!, 0xffffffff)).toBe(CP15_OK);
    }
    expect(c.read(9, 0, 2, 0)).toBeUndefined();
    expect(c.write(9, 0, 0, 2, 0)).toBe(CP15_UNDEFINED);
    expect(c.read(10, 0, 0, 0)).toBe(0);
    expect(c.write(10, 0, 0, 0, 0x04000000)).toBe(CP15_OK);
    expect(c.read(10, 0, 1, 0)).toBeUndefined();
    expect(c.write(10, 0, 0, 1, 0)).toBe(CP15_UNDEFINED);
  });

  it('unknown registers are UNDEFINED: read gives undefined, write gives CP15_UNDEFINED', () => {
    const c = new Cp15();
    for (const crn of [4, 11, 12, 14]) {
      expect(c.read(crn, 0, 0, 0)).toBeUndefined();
      expect(c.write(crn, 0, 0, 0, 0)).toBe(CP15_UNDEFINED);
    }
    expect(c.read(1, 1, 0, 0)).toBeUndefined();
    expect(c.write(2, 3, 0, 0, 0)).toBe(CP15_UNDEFINED);
  });

  it('reset restores every register', () => {
    const c = new Cp15();
    c.write(1, 0, 0, 0, 0x2001);
    c.write(2, 0, 0, 0, 0x4000);
    c.write(3, 0, 0, 0, 1);
    c.write(5, 0, 0, 0, 5);
    c.write(5, 0, 0, 1, 7);
    c.write(6, 0, 0, 0, 9);
    c.write(13, 0, 0, 0, 0x02000000);
    c.write(13, 0, 0, 1, 3);
    c.write(8, 0, 7, 1, 0x1000);
    c.reset();
    expect([c.sctlr, c.ttbr, c.dacr, c.dfsr, c.ifsr, c.far, c.fcsePid, c.contextId, c.lastMva])
      .toEqual([0x00050078, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { Machine } from '../../../src/emulator/machine.ts';
import {
  CP15_FLUSH_ENTRY, CP15_FLUSH_TLB, SCTLR_M,
} from '../../../src/emulator/cp15/cp15.ts';
import { EV_NONE } from '../../../src/emulator/cpu/events.ts';

// Tables as in walk.test.ts: L1 at 0x4000, a coarse table at 0x8000, a fine table at 0x9000, and
// data frames from 0x100000 whose words hold their own physical address.
const TTBR = 0x4000;
const COARSE = 0x8000;
const FINE = 0x9000;

let m: Machine;
let uart: number[];

function w32(pa: number, v: number): void {
  m.bus.write(pa, v | 0, 4);
}
function section(va: number, pa: number, ap: number, dom = 0): void {
  w32(TTBR + (va >>> 20) * 4, (pa & 0xfff00000) | (ap << 10) | (dom << 5) | 0x12);
}
function coarse(va: number, table: number, dom = 0): void {
  w32(TTBR + (va >>> 20) * 4, (table & ~0x3ff) | (dom << 5) | 0x11);
}
function fine(va: number, table: number, dom = 0): void {
  w32(TTBR + (va >>> 20) * 4, (table & ~0xfff) | (dom << 5) | 0x13);
}
function small(va: number, pa: number, ap3: number, ap2 = ap3, ap1 = ap3, ap0 = ap3): void {
  w32(COARSE + ((va >>> 12) & 0xff) * 4,
    (pa & ~0xfff) | (ap3 << 10) | (ap2 << 8) | (ap1 << 6) | (ap0 << 4) | 2);
}
function large(va: number, pa: number, ap: number): void {
  const first = (va >>> 12) & 0xf0;
  for (let i = 0; i < 16; i++) w32(COARSE + (first + i) * 4, (pa & 0xffff0000) | (ap * 0x55 << 4) | 1);
}
function tiny(va: number, pa: number, ap: number): void {
  w32(FINE + ((va >>> 10) & 0x3ff) * 4, (pa & ~0x3ff) | (ap << 4) | 3);
}
function enable(): void {
  m.cp15.ttbr = TTBR;
  m.cp15.dacr = 0x55555555; // every domain client
  m.cp15.sctlr |= SCTLR_M;
  m.mmu.flushTlb();
}
/** A word read at the given privilege: its value, or the FSR of the fault it raised. */
function rd(va: number, user = false): number | string {
  m.mmu.faulted = false;
  m.cpu.stop = false;
  m.cpu.event = EV_NONE;
  m.mmu.setUser(user);
  const v = m.mmu.read32(va);
  m.mmu.setUser(false);
  return m.mmu.faulted ? `fsr=0x${m.cp15.dfsr.toString(16)}` : v >>> 0;
}
function wr(va: number, value: number, user = false): string {
  m.mmu.faulted = false;
  m.mmu.setUser(user);
  m.mmu.write32(va, value);
  m.mmu.setUser(false);
  return m.mmu.faulted ? `fsr=0x${m.cp15.dfsr.toString(16)}` : 'ok';
}
/** Issues an MCR to CP15 c8 the way cpu.mcr15 does, without executing an instruction. */
function mcrC8(crm: number, op2: number, value: number): void {
  const action = m.cp15.write(8, 0, crm, op2, value);
  expect(action).toBe(op2 === 0 ? CP15_FLUSH_TLB : CP15_FLUSH_ENTRY);
  m.mmu.afterCp15Write(action);
}

beforeEach(() => {
  uart = [];
  m = new Machine({ ramSize: 64 << 20, uart: (b) => uart.push(b) });
  for (let a = 0x100000; a < 0x300000; a += 4) w32(a, a);
});

describe('soft TLB caching and invalidation', () => {
  beforeEach(() => {
    coarse(0x00400000, COARSE);
    small(0x00401000, 0x00101000, 3);
    enable();
  });

  it('caches a translation and keeps it until the host flushes', () => {
    expect(rd(0x00401010)).toBe(0x00101010);
    small(0x00401000, 0x00102000, 3);
    expect(rd(0x00401010)).toBe(0x00101010); // stale entry: allowed until a flush
    m.mmu.flushTlb();
    expect(rd(0x00401010)).toBe(0x00102010);
  });

  it('flushTlbEntry drops exactly the page asked for', () => {
    small(0x00402000, 0x00103000, 3);
    expect(rd(0x00401010)).toBe(0x00101010);
    expect(rd(0x00402010)).toBe(0x00103010);
    small(0x00401000, 0x00104000, 3);
    small(0x00402000, 0x00105000, 3);
    m.mmu.flushTlbEntry(0x00401ffc);
    expect(rd(0x00401010)).toBe(0x00104010);
    expect(rd(0x00402010)).toBe(0x00103010); // still the cached translation
  });

  it('CP15 c8 operations (unified, I-side, D-side; all or by MVA) flush through afterCp15Write', () => {
    for (const [crm, op2] of [[7, 0], [7, 1], [5, 0], [5, 1], [6, 0], [6, 1]] as const) {
      small(0x00401000, 0x00101000, 3);
      m.mmu.flushTlb();
      expect(rd(0x00401010)).toBe(0x00101010);
      expect(wr(0x00401014, 0x00101014)).toBe('ok');
      small(0x00401000, 0x00106000, 3);
      mcrC8(crm, op2, 0x00401abc);
      expect({ crm, op2, r: rd(0x00401010) }).toEqual({ crm, op2, r: 0x00106010 });
      expect(wr(0x00401020, 0xabc)).toBe('ok');
      expect(m.ram.i32[0x00106020 >>> 2]).toBe(0xabc);
      w32(0x00106020, 0x00106020);
    }
  });

  it('by-MVA invalidation of any address in a section drops the whole section', () => {
    section(0x00600000, 0x00100000, 3);
    m.mmu.flushTlb();
    expect(rd(0x00600010)).toBe(0x00100010);
    expect(rd(0x00605010)).toBe(0x00105010);
    expect(rd(0x006ff010)).toBe(0x001ff010);
    section(0x00600000, 0x00200000, 3);
    mcrC8(7, 1, 0x00600000);
    expect(rd(0x00600010)).toBe(0x00200010);
    expect(rd(0x00605010)).toBe(0x00205010);
    expect(rd(0x006ff010)).toBe(0x002ff010);
  });

  it('by-MVA invalidation drops a whole large page', () => {
    large(0x00410000, 0x00110000, 3);
    m.mmu.flushTlb();
    expect(rd(0x0041f000)).toBe(0x0011f000);
    large(0x00410000, 0x00120000, 3);
    m.mmu.flushTlbEntry(0x00410000);
    expect(rd(0x0041f000)).toBe(0x0012f000);
  });

  it('by-MVA invalidation finds entries of a PID-relocated VA', () => {
    m.cp15.fcsePid = 0x02000000;
    coarse(0x02400000, COARSE);
    m.mmu.flushTlb();
    expect(rd(0x00401010)).toBe(0x00101010);
    small(0x00401000, 0x00107000, 3);
    mcrC8(7, 1, 0x02401000); // the MVA of VA 0x00401000 under PID 1
    expect(rd(0x00401010)).toBe(0x00107010);
  });

  it('writing SCTLR, TTBR, DACR or the PID through CP15 asks for a full flush', () => {
    expect(m.cp15.write(1, 0, 0, 0, m.cp15.sctlr)).toBe(CP15_FLUSH_TLB);
    expect(m.cp15.write(2, 0, 0, 0, TTBR)).toBe(CP15_FLUSH_TLB);
    expect(m.cp15.write(3, 0, 0, 0, 0x55555555)).toBe(CP15_FLUSH_TLB);
    expect(m.cp15.write(13, 0, 0, 0, 0)).toBe(CP15_FLUSH_TLB);
    expect(rd(0x00401010)).toBe(0x00101010);
    m.mmu.afterCp15Write(m.cp15.write(3, 0, 0, 0, 0)); // every domain no access
    expect(rd(0x00401010)).toBe('fsr=0xb');
  });
});

describe('addresses above 2 GB', () => {
  it('int32 and uint32 spellings of a high VA hit the same entry and flush together', () => {
    coarse(0xfff00000, COARSE);
    small(0xffff0000, 0x00101000, 3);
    section(0x80000000, 0x00200000, 3);
    enable();
    expect(rd(0xffff0010 | 0)).toBe(0x00101010);
    expect(rd(0xffff0010)).toBe(0x00101010);
    expect(rd(0x800ff000 | 0)).toBe(0x002ff000);
    small(0xffff0000, 0x00102000, 3);
    section(0x80000000, 0x00100000, 3);
    m.mmu.flushTlbEntry(0xffff0000 | 0);
    m.mmu.flushTlbEntry(0x80000000);
    expect(rd(0xffff0010)).toBe(0x00102010);
    expect(rd(0x800ff000)).toBe(0x001ff000);
    m.cpu.stop = false;
    expect(rd(0xfffe0000 | 0)).toBe('fsr=0x7');
    expect(m.cp15.far).toBe(0xfffe0000);
  });
});

describe('privilege and permission granularity', () => {
  it('user and privileged TLBs are separate: a privileged-only page does not leak to user', () => {
    coarse(0x00400000, COARSE);
    small(0x00401000, 0x00101000, 1); // AP 01: privileged RW, user none
    enable();
    expect(rd(0x00401010)).toBe(0x00101010);
    expect(wr(0x00401010, 0x00101010)).toBe('ok');
    expect(rd(0x00401010, true)).toBe('fsr=0xf');
    expect(wr(0x00401010, 0, true)).toBe('fsr=0xf');
    expect(rd(0x00401010)).toBe(0x00101010);
  });

  it('a user read entry does not grant user writes on a read-only page', () => {
    coarse(0x00400000, COARSE);
    small(0x00401000, 0x00101000, 2); // AP 10: user read-only
    enable();
    expect(rd(0x00401010, true)).toBe(0x00101010);
    expect(wr(0x00401010, 0, true)).toBe('fsr=0xf');
    expect(m.ram.i32[0x00101010 >>> 2]).toBe(0x00101010);
  });

  it('mixed-AP small pages are checked per 1 KB subpage, however they were accessed before', () => {
    coarse(0x00400000, COARSE);
    small(0x00401000, 0x00101000, 1, 3, 2, 3); // AP3=01 AP2=11 AP1=10 AP0=11
    enable();
    for (let round = 0; round < 2; round++) {
      expect(rd(0x00401000, true)).toBe(0x00101000);
      expect(wr(0x00401000, 0x00101000, true)).toBe('ok');
      expect(rd(0x00401400, true)).toBe(0x00101400);
      expect(wr(0x00401400, 0, true)).toBe('fsr=0xf');
      expect(wr(0x00401800, 0x00101800, true)).toBe('ok');
      expect(rd(0x00401c00, true)).toBe('fsr=0xf');
      expect(wr(0x00401c00, 0x00101c00, false)).toBe('ok');
    }
  });

  it('tiny pages map each 1 KB on its own, also after repeated accesses', () => {
    fine(0x00500000, FINE);
    tiny(0x00500000, 0x00130000, 3);
    tiny(0x00500400, 0x00120400, 3);
    tiny(0x00500800, 0x00110800, 1);
    // 0x00500c00 left invalid
    enable();
    for (let round = 0; round < 2; round++) {
      expect(rd(0x00500004, true)).toBe(0x00130004);
      expect(rd(0x00500404, true)).toBe(0x00120404);
      expect(rd(0x00500804, true)).toBe('fsr=0xf');
      expect(rd(0x00500804, false)).toBe(0x00110804);
      expect(rd(0x00500c04, false)).toBe('fsr=0x7');
    }
  });
});

describe('devices and decoded code', () => {
  it('a device page mapped by a section reaches the bus on every access', () => {
    section(0x00500000, 0x10100000, 3); // the PL011 at 0x101F1000 appears at VA 0x005F1000
    enable();
    for (const ch of 'abc') expect(wr(0x005f1000, ch.charCodeAt(0), true)).toBe('ok');
    expect(String.fromCharCode(...uart)).toBe('abc');
    m.mmu.write8(0x005f1000, 0x64);
    expect(String.fromCharCode(...uart)).toBe('abcd');
  });

  it('a store to a page holding decoded code calls onCodeWrite, even after a cached write', () => {
    section(0x00300000, 0x00100000, 3);
    enable();
    const seen: number[] = [];
    m.mmu.onCodeWrite = (ppn) => {
      seen.push(ppn);
      m.mmu.codePages[ppn] = 0;
    };
    expect(wr(0x00305000, 1)).toBe('ok'); // fills a write entry for frame 0x105
    m.mmu.markCode(0x105);
    expect(wr(0x00305004, 2)).toBe('ok');
    expect(seen).toEqual([0x105]);
    m.mmu.markCode(0x105);
    m.mmu.write8(0x00305ffe, 3);
    m.mmu.write16(0x00305ffe, 3);
    expect(seen).toEqual([0x105, 0x105]);
    expect(m.ram.u16[0x00105ffe >>> 1]).toBe(3);
  });

  it('the CPU invalidates its decoded page through onCodeWrite', () => {
    section(0x00300000, 0x00100000, 3);
    enable();
    m.cpu.armPages[0x105] = { h: [], blocks: [], hits: new Uint8Array(1024) };
    m.mmu.markCode(0x105);
    expect(wr(0x00305000, 7)).toBe('ok');
    expect(m.cpu.armPages[0x105]).toBeUndefined();
    expect(m.mmu.codePages[0x105]).toBe(0);
  });
});

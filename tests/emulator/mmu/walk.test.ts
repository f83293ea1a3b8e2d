import { beforeEach, describe, expect, it } from 'vitest';
import { Machine } from '../../../src/emulator/machine.ts';
import { SCTLR_A, SCTLR_M, SCTLR_R, SCTLR_S } from '../../../src/emulator/cp15/cp15.ts';
import { EV_DATA_ABORT, EV_NONE } from '../../../src/emulator/cpu/events.ts';
import { apAllows, newWalkOut } from '../../../src/emulator/mmu/walk.ts';

// Physical layout of the tables these tests build (all below 1 MB):
//   0x4000  L1 table (16 KB aligned)      0x8000  coarse table      0x9000  fine table
//   0x100000.. data pages, each filled with its own physical address so a read names the frame.
const TTBR = 0x4000;
const COARSE = 0x8000;
const FINE = 0x9000;

let m: Machine;

function w32(pa: number, v: number): void {
  m.bus.write(pa, v | 0, 4);
}
/** Fills [pa, pa+len) with words equal to their own physical address. */
function stamp(pa: number, len: number): void {
  for (let a = pa; a < pa + len; a += 4) w32(a, a);
}
function section(va: number, pa: number, ap: number, dom: number): void {
  w32(TTBR + (va >>> 20) * 4, (pa & 0xfff00000) | (ap << 10) | (dom << 5) | 0x12);
}
function coarse(va: number, table: number, dom: number): void {
  w32(TTBR + (va >>> 20) * 4, (table & ~0x3ff) | (dom << 5) | 0x11);
}
function fine(va: number, table: number, dom: number): void {
  w32(TTBR + (va >>> 20) * 4, (table & ~0xfff) | (dom << 5) | 0x13);
}
/** AP3..AP0 packed at [11:4]. */
function aps(ap3: number, ap2: number, ap1: number, ap0: number): number {
  return (ap3 << 10) | (ap2 << 8) | (ap1 << 6) | (ap0 << 4);
}
function smallCoarse(va: number, pa: number, ap: number): void {
  w32(COARSE + ((va >>> 12) & 0xff) * 4, (pa & ~0xfff) | ap | 2);
}
function largeCoarse(va: number, pa: number, ap: number): void {
  const first = (va >>> 12) & 0xf0;
  for (let i = 0; i < 16; i++) w32(COARSE + (first + i) * 4, (pa & 0xffff0000) | ap | 1);
}
function tinyFine(va: number, pa: number, ap: number): void {
  w32(FINE + ((va >>> 10) & 0x3ff) * 4, (pa & ~0x3ff) | (ap << 4) | 3);
}
function enable(dacr: number, extra = 0): void {
  m.cp15.ttbr = TTBR;
  m.cp15.dacr = dacr >>> 0;
  m.cp15.sctlr |= SCTLR_M | extra;
  m.mmu.flushTlb();
}
/** Clears the fault state an access left behind. */
function clearFault(): void {
  m.mmu.faulted = false;
  m.cpu.stop = false;
  m.cpu.event = EV_NONE;
  m.cp15.dfsr = 0;
  m.cp15.far = 0;
}
/** Reads a word; returns the value, or 'fault' with the FSR and FAR it recorded. */
function rd(va: number, user = false): number | string {
  clearFault();
  m.mmu.setUser(user);
  const v = m.mmu.read32(va);
  m.mmu.setUser(false);
  if (m.mmu.faulted) return `fault fsr=0x${m.cp15.dfsr.toString(16)} far=0x${(m.cp15.far >>> 0).toString(16)}`;
  return v >>> 0;
}
function wr(va: number, value: number, user = false): string {
  clearFault();
  m.mmu.setUser(user);
  m.mmu.write32(va, value);
  m.mmu.setUser(false);
  if (m.mmu.faulted) return `fault fsr=0x${m.cp15.dfsr.toString(16)} far=0x${(m.cp15.far >>> 0).toString(16)}`;
  return 'ok';
}
const fault = (fsr: number, far: number): string => `fault fsr=0x${fsr.toString(16)} far=0x${far.toString(16)}`;

beforeEach(() => {
  m = new Machine({ ramSize: 64 << 20 });
  stamp(0x100000, 0x40000);
});

describe('apAllows (ARM ARM table B4-1)', () => {
  it('matches the table for every AP, S, R, privilege and direction', () => {
    // Rows: [ap, S, R] -> [priv read, priv write, user read, user write]
    const table: [number, number, number, boolean[]][] = [
      [0, 0, 0, [false, false, false, false]],
      [0, 1, 0, [true, false, false, false]],
      [0, 0, 1, [true, false, true, false]],
      [0, 1, 1, [false, false, false, false]], // UNPREDICTABLE: czemu denies
    ];
    for (const ap of [1, 2, 3]) {
      for (const s of [0, 1]) {
        for (const r of [0, 1]) {
          table.push([ap, s, r, ap === 1 ? [true, true, false, false]
            : ap === 2 ? [true, true, true, false] : [true, true, true, true]]);
        }
      }
    }
    for (const [ap, s, r, want] of table) {
      const sctlr = (s ? SCTLR_S : 0) | (r ? SCTLR_R : 0);
      const got = [
        apAllows(ap, sctlr, false, false), apAllows(ap, sctlr, true, false),
        apAllows(ap, sctlr, false, true), apAllows(ap, sctlr, true, true),
      ];
      expect({ ap, s, r, got }).toEqual({ ap, s, r, got: want });
    }
  });
});

describe('MMU off', () => {
  it('maps flat, reaches RAM and devices', () => {
    expect(rd(0x100010)).toBe(0x100010);
    expect(wr(0x100020, 0xcafef00d)).toBe('ok');
    expect(m.ram.i32[0x100020 >>> 2]! >>> 0).toBe(0xcafef00d);
    expect(m.mmu.probe(0x12345678, true, true)).toBe(0x12345678);
  });

  it('still checks alignment when SCTLR.A is set (TRM 3.5.1)', () => {
    m.cp15.sctlr |= SCTLR_A;
    m.mmu.flushTlb();
    expect(rd(0x100002)).toBe(fault(0x1, 0x100002));
  });
});

describe('first-level descriptors', () => {
  it('fault descriptor: section translation fault 0x5 with no domain, FAR = VA', () => {
    w32(TTBR + 0x003 * 4, 0x1e0); // type 00 with junk in the domain field
    enable(0xffffffff);
    expect(rd(0x00345678)).toBe(fault(0x5, 0x00345678));
    expect(m.cpu.stop).toBe(true);
    expect(m.cpu.event).toBe(EV_DATA_ABORT);
    expect(wr(0x00300000, 1)).toBe(fault(0x5, 0x00300000));
  });

  it('section: PA = descriptor[31:20] | VA[19:0]', () => {
    section(0x00300000, 0x00100000, 3, 0);
    enable(1);
    expect(rd(0x00312344)).toBe(0x00112344);
    expect(m.mmu.probe(0x003fffff, false, true)).toBe(0x001fffff);
  });

  it('coarse table, small page: PA = descriptor[31:12] | VA[11:0]', () => {
    coarse(0x00400000, COARSE, 2);
    smallCoarse(0x00407000, 0x00123000, aps(3, 3, 3, 3));
    enable(1 << 4);
    expect(rd(0x00407ab8)).toBe(0x00123ab8);
  });

  it('coarse table, large page replicated 16 times: PA = descriptor[31:16] | VA[15:0]', () => {
    coarse(0x00400000, COARSE, 0);
    largeCoarse(0x00410000, 0x00120000, aps(3, 3, 3, 3));
    enable(1);
    for (const off of [0x0000, 0x1234, 0x7ffc, 0xc000, 0xfffc]) {
      expect(rd(0x00410000 + off)).toBe(0x00120000 + off);
    }
    // Slot 15 of the replicas is read for VA[15:12] = 0xF.
    expect(m.mmu.probe(0x0041f000, false, false, newWalkOut())).toBe(0x0012f000);
  });

  it('fine table, tiny page: PA = descriptor[31:10] | VA[9:0]', () => {
    fine(0x00500000, FINE, 3);
    tinyFine(0x00500400, 0x00130c00, 3);
    enable(1 << 6);
    expect(rd(0x00500404)).toBe(0x00130c04);
    expect(rd(0x005007fc)).toBe(0x00130ffc);
  });

  it('fine table, small page replicated 4 times and large page replicated 64 times', () => {
    fine(0x00500000, FINE, 0);
    for (let i = 0; i < 4; i++) w32(FINE + (0x8 * 4 + i) * 4, 0x00124000 | aps(3, 3, 3, 3) | 2);
    for (let i = 0; i < 64; i++) w32(FINE + (0x40 + i) * 4, 0x00130000 | aps(3, 3, 3, 3) | 1);
    enable(1);
    expect(rd(0x00508c10)).toBe(0x00124c10);
    expect(rd(0x0051abc0)).toBe(0x0013abc0);
  });

  it('second-level fault descriptor: page translation fault 0x7 with the domain', () => {
    coarse(0x00400000, COARSE, 5);
    enable(1 << 10);
    expect(rd(0x00401000)).toBe(fault(0x57, 0x00401000));
    fine(0x00500000, FINE, 9);
    m.mmu.flushTlb();
    expect(wr(0x00500c00, 0, true)).toBe(fault(0x97, 0x00500c00));
  });

  it('tiny descriptor in a coarse table is a page translation fault', () => {
    coarse(0x00400000, COARSE, 4);
    w32(COARSE + 2 * 4, 0x00120000 | (3 << 4) | 3);
    enable(3 << 8);
    expect(rd(0x00402010)).toBe(fault(0x47, 0x00402010));
  });
});

describe('access permissions', () => {
  it('section AP x S/R x user/privileged x read/write, permission fault 0xD with the domain', () => {
    for (const sr of [0, SCTLR_S, SCTLR_R]) {
      for (let ap = 0; ap < 4; ap++) {
        m.cp15.sctlr = (m.cp15.sctlr & ~(SCTLR_S | SCTLR_R)) | sr;
        section(0x00300000, 0x00100000, ap, 7);
        enable(1 << 14);
        for (const user of [false, true]) {
          for (const write of [false, true]) {
            const allowed = apAllows(ap, m.cp15.sctlr, write, user);
            const got = write ? wr(0x00300040, 0x00100040, user) : rd(0x00300040, user);
            expect({ sr, ap, user, write, got })
              .toEqual({ sr, ap, user, write, got: allowed ? (write ? 'ok' : 0x00100040) : fault(0x7d, 0x00300040) });
          }
        }
      }
    }
    // The matrix is not vacuous: AP=01 denies user reads, S alone lets privileged read AP=00.
    expect(apAllows(1, 0, false, true)).toBe(false);
    expect(apAllows(0, SCTLR_S, false, false)).toBe(true);
  });

  it('small page: subpage AP chosen by VA[11:10], page permission fault 0xF', () => {
    coarse(0x00400000, COARSE, 1);
    smallCoarse(0x00403000, 0x00110000, aps(0, 1, 2, 3));
    enable(1 << 2);
    // Subpage 0: AP3 full; 1: AP2 user read-only; 2: AP1 privileged only; 3: AP0 none.
    expect(wr(0x00403000, 0x00110000, true)).toBe('ok');
    expect(rd(0x00403400, true)).toBe(0x00110400);
    expect(wr(0x00403400, 0, true)).toBe(fault(0x1f, 0x00403400));
    expect(rd(0x00403800, true)).toBe(fault(0x1f, 0x00403800));
    expect(wr(0x00403800, 0x00110800, false)).toBe('ok');
    expect(rd(0x00403c00, false)).toBe(fault(0x1f, 0x00403c00));
  });

  it('large page: subpage AP chosen by VA[15:14]', () => {
    coarse(0x00400000, COARSE, 0);
    largeCoarse(0x00420000, 0x00120000, aps(1, 0, 3, 2));
    enable(1);
    expect(wr(0x00420010, 0, true)).toBe(fault(0x0f, 0x00420010)); // AP0 = 10: user read-only
    expect(rd(0x00423ff0, true)).toBe(0x00123ff0);
    expect(wr(0x00424000, 0x00124000, true)).toBe('ok'); // AP1 = 11
    expect(rd(0x00428000, false)).toBe(fault(0x0f, 0x00428000)); // AP2 = 00, S = R = 0
    expect(rd(0x0042c000, true)).toBe(fault(0x0f, 0x0042c000)); // AP3 = 01
    expect(rd(0x0042c000, false)).toBe(0x0012c000);
  });

  it('tiny page: one AP at [5:4]', () => {
    fine(0x00500000, FINE, 2);
    tinyFine(0x00500000, 0x00100000, 2);
    enable(1 << 4);
    expect(rd(0x00500100, true)).toBe(0x00100100);
    expect(wr(0x00500100, 0, true)).toBe(fault(0x2f, 0x00500100));
  });
});

describe('domains', () => {
  it('DACR 00 and 10 raise domain faults 0x9 (section) / 0xB (page); 11 skips AP; 01 checks it', () => {
    section(0x00300000, 0x00100000, 0, 12); // AP 00: nobody may access as a client
    coarse(0x00400000, COARSE, 13);
    smallCoarse(0x00401000, 0x00101000, aps(0, 0, 0, 0));
    for (const [acc, sec, page] of [
      [0, fault(0xc9, 0x00300010), fault(0xdb, 0x00401010)],
      [2, fault(0xc9, 0x00300010), fault(0xdb, 0x00401010)],
      [1, fault(0xcd, 0x00300010), fault(0xdf, 0x00401010)],
      [3, 0x00100010, 0x00101010],
    ] as const) {
      enable((acc << 24) | (acc << 26));
      expect(rd(0x00300010, true)).toBe(sec);
      expect(rd(0x00401010, true)).toBe(page);
    }
  });

  it('fault priority: translation before domain, domain before permission', () => {
    coarse(0x00400000, COARSE, 3); // L2 entry left invalid
    section(0x00300000, 0x00100000, 0, 3);
    enable(0); // domain 3 no access
    expect(rd(0x00400000)).toBe(fault(0x37, 0x00400000));
    expect(rd(0x00300000, true)).toBe(fault(0x39, 0x00300000));
  });

  it('alignment is checked before translation', () => {
    enable(0, SCTLR_A);
    expect(rd(0x00700002)).toBe(fault(0x1, 0x00700002));
    expect(rd(0x00700004)).toBe(fault(0x5, 0x00700004));
  });
});

describe('alignment faults (SCTLR.A)', () => {
  beforeEach(() => section(0x00300000, 0x00100000, 3, 0));

  it('words and halfwords fault when misaligned, bytes never', () => {
    enable(1, SCTLR_A);
    const check = (f: () => void, va: number, want: boolean): void => {
      clearFault();
      f();
      expect({ va, faulted: m.mmu.faulted }).toEqual({ va, faulted: want });
      if (want) {
        expect(m.cp15.dfsr).toBe(0x1);
        expect(m.cp15.far).toBe(va);
      }
    };
    for (const off of [1, 2, 3]) {
      check(() => m.mmu.read32(0x00300000 + off), 0x00300000 + off, true);
      check(() => m.mmu.write32(0x00300000 + off, 0), 0x00300000 + off, true);
      check(() => m.mmu.read8(0x00300000 + off), 0x00300000 + off, false);
      check(() => m.mmu.write8(0x00300000 + off, 0), 0x00300000 + off, false);
    }
    check(() => m.mmu.read16(0x00300001), 0x00300001, true);
    check(() => m.mmu.write16(0x00300003, 0), 0x00300003, true);
    check(() => m.mmu.read16(0x00300002), 0x00300002, false);
    // The TLB entry the aligned accesses filled must not bypass the check.
    check(() => m.mmu.read32(0x00300006), 0x00300006, true);
  });

  it('with A clear a misaligned word access reads the aligned word', () => {
    enable(1);
    expect(rd(0x00300006)).toBe(0x00100004);
    clearFault();
    expect(m.mmu.read16(0x00300003)).toBe(0x0010); // bytes 2-3 of the word 0x00100000
    expect(m.mmu.read8(0x00300003)).toBe(0x00);
    expect(m.mmu.read8(0x00300004)).toBe(0x04);
    expect(m.mmu.faulted).toBe(false);
  });
});

describe('FCSE PID', () => {
  it('relocates VAs below 32 MB by the PID and leaves the rest alone; FAR holds the MVA', () => {
    m.cp15.fcsePid = 0x02000000; // process 1: VA 0x0xxxxxx -> MVA 0x02xxxxxx
    section(0x02000000, 0x00100000, 3, 0);
    section(0x00000000, 0x00200000, 3, 0); // what VA 0 would hit without relocation
    section(0x03000000, 0x00110000, 3, 0);
    stamp(0x00200000, 0x100);
    enable(1);
    expect(rd(0x00000040)).toBe(0x00100040);
    expect(rd(0x03000040)).toBe(0x00100040);
    expect(m.mmu.probe(0x01f00000, false, false)).toBe(-1);
    expect(rd(0x01f00008)).toBe(fault(0x5, 0x03f00008));
    expect(rd(0x04000008)).toBe(fault(0x5, 0x04000008));
  });

  it('applies with the MMU off (the MVA is the physical address)', () => {
    m.cp15.fcsePid = 0x02000000;
    w32(0x02000100, 0x11223344);
    expect(rd(0x00000100)).toBe(0x11223344);
    expect(m.mmu.probe(0x02000100, false, false)).toBe(0x02000100);
  });
});

describe('fetch and probe', () => {
  it('translateFetch returns the PA, or -1 with IFSR set and FAR/DFSR untouched', () => {
    coarse(0x00400000, COARSE, 6);
    smallCoarse(0x00401000, 0x00101000, aps(1, 1, 1, 1));
    enable(1 << 12);
    expect(m.mmu.translateFetch(0x00401008)).toBe(0x00101008);
    m.cp15.far = 0x1234;
    m.mmu.setUser(true);
    expect(m.mmu.translateFetch(0x00401008)).toBe(-1);
    expect(m.cp15.ifsr).toBe(0x6f);
    expect(m.mmu.translateFetch(0x00402000)).toBe(-1);
    expect(m.cp15.ifsr).toBe(0x67);
    m.mmu.setUser(false);
    expect(m.cp15.far).toBe(0x1234);
    expect(m.cp15.dfsr).toBe(0);
    expect(m.mmu.faulted).toBe(false);
  });

  it('probe reports the walk without touching fault state', () => {
    section(0x00300000, 0x00100000, 1, 0);
    enable(1);
    const out = newWalkOut();
    expect(m.mmu.probe(0x00300004, true, false, out)).toBe(0x00100004);
    expect(out.descriptorAddr).toBe(TTBR + 3 * 4);
    expect(out.blockShift).toBe(20);
    expect(m.mmu.probe(0x00300004, false, true, out)).toBe(-1);
    expect(out.fsr).toBe(0xd);
    expect(m.mmu.faulted).toBe(false);
    expect(m.cp15.dfsr).toBe(0);
    expect(m.cp15.far).toBe(0);
  });
});

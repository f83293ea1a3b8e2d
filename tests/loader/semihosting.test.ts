import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/emulator/machine.ts';
import {
  ADP_STOPPED_APPLICATION_EXIT, createSemihostHandler, SYS_CLOCK, SYS_CLOSE, SYS_ERRNO, SYS_EXIT,
  SYS_EXIT_EXTENDED, SYS_GET_CMDLINE, SYS_HEAPINFO, SYS_ISTTY, SYS_OPEN, SYS_READC, SYS_TIME,
  SYS_WRITE, SYS_WRITE0, SYS_WRITEC, type SemihostOptions,
} from '../../src/emulator/semihosting.ts';
import { EV_HALT, EV_NONE } from '../../src/emulator/cpu/events.ts';

/**
 * Calls the handler directly, as the CPU does for `swi 0x123456`: a 1 MB machine with the MMU off
 * (so virtual = physical), r0 = op, r1 = arg.
 */
function setup(opts: Partial<SemihostOptions> = {}) {
  const out: number[] = [];
  const m = new Machine({ ramSize: 1 << 20 });
  const handler = createSemihostHandler({ console: (b) => out.push(b), ...opts });
  const call = (op: number, arg: number): number => {
    m.cpu.r[0] = op;
    m.cpu.r[1] = arg;
    expect(handler(m.cpu)).toBe(true);
    return m.cpu.r[0]!;
  };
  const poke = (pa: number, ...words: number[]): void => {
    const b = new Uint8Array(words.length * 4);
    const dv = new DataView(b.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
    m.writePhys(pa, b);
  };
  /** The output so far as text, emptying it. */
  const drain = (): string => String.fromCharCode(...out.splice(0));
  return { m, out, call, poke, drain, str: (pa: number, s: string) => m.writePhys(pa, new TextEncoder().encode(s)) };
}

/** Turns the MMU on with only VA 0-1 MB mapped; returns an address that does not translate. */
function enableMmuWithHole(m: Machine): number {
  const ttb = 0x80000;
  const d = new Uint8Array(4);
  new DataView(d.buffer).setUint32(0, 0x00000c02, true); // section, AP=11, domain 0
  m.writePhys(ttb, d);
  m.cp15.write(2, 0, 0, 0, ttb);
  m.cp15.write(3, 0, 0, 0, 1); // domain 0: client
  m.cp15.write(1, 0, 0, 0, m.cp15.sctlr | 1);
  m.mmu.flushTlb();
  return 0x00400000;
}

describe('semihosting output', () => {
  it('SYS_WRITEC writes the byte r1 points at', () => {
    const t = setup();
    t.str(0x1000, 'A');
    t.call(SYS_WRITEC, 0x1000);
    expect(t.out).toEqual([0x41]);
  });

  it('SYS_WRITE0 writes up to the NUL', () => {
    const t = setup();
    t.str(0x1000, 'hi there\0junk');
    t.call(SYS_WRITE0, 0x1000);
    expect(t.drain()).toBe('hi there');
  });

  it('SYS_WRITE writes len bytes and returns the number not written', () => {
    const t = setup();
    t.str(0x2000, 'abcdef');
    t.poke(0x1000, 1, 0x2000, 4);
    expect(t.call(SYS_WRITE, 0x1000)).toBe(0);
    expect(t.drain()).toBe('abcd');
    t.poke(0x1000, 7, 0x2000, 4);
    expect(t.call(SYS_WRITE, 0x1000)).toBe(-1);
    expect(t.call(SYS_ERRNO, 0)).toBe(9);
  });

  it('SYS_OPEN ":tt" gives console handles; other files do not exist', () => {
    const t = setup();
    t.str(0x2000, ':tt\0');
    t.poke(0x1000, 0x2000, 4, 3);
    const h = t.call(SYS_OPEN, 0x1000);
    expect(h).toBe(2);
    t.poke(0x1100, h);
    expect(t.call(SYS_ISTTY, 0x1100)).toBe(1);
    expect(t.call(SYS_CLOSE, 0x1100)).toBe(0);
    t.str(0x2000, 'a.txt\0');
    t.poke(0x1000, 0x2000, 0, 5);
    expect(t.call(SYS_OPEN, 0x1000)).toBe(-1);
    expect(t.call(SYS_ERRNO, 0)).toBe(2);
  });

  it('a bad pointer returns -1 with EFAULT and never throws', () => {
    const t = setup();
    const hole = enableMmuWithHole(t.m);
    t.str(0x1000, 'ok\0');
    t.call(SYS_WRITE0, 0x1000);
    expect(t.drain()).toBe('ok');
    expect(t.call(SYS_WRITEC, hole)).toBe(-1);
    expect(t.call(SYS_ERRNO, 0)).toBe(14);
    t.poke(0x1000, 1, hole, 4);
    expect(t.call(SYS_WRITE, 0x1000)).toBe(-1);
    expect(t.call(SYS_HEAPINFO, hole)).toBe(-1);
    expect(t.call(SYS_EXIT_EXTENDED, hole)).toBe(-1);
    expect(t.m.cpu.event).toBe(EV_NONE);
    expect(t.out).toEqual([]);
  });
});

describe('semihosting queries', () => {
  it('SYS_READC has no input', () => {
    expect(setup().call(SYS_READC, 0)).toBe(-1);
  });

  it('SYS_CLOCK and SYS_TIME follow the instruction count', () => {
    const t = setup({ timeBase: 1_000_000 });
    t.m.cpu.icount = 250_000_000;
    expect(t.call(SYS_CLOCK, 0)).toBe(250);
    expect(t.call(SYS_TIME, 0)).toBe(1_000_002);
  });

  it('SYS_GET_CMDLINE copies the command line and its length', () => {
    const t = setup({ cmdline: 'prog -v' });
    t.poke(0x1000, 0x2000, 80);
    expect(t.call(SYS_GET_CMDLINE, 0x1000)).toBe(0);
    expect(Array.from(t.m.ram.u8.subarray(0x2000, 0x2008))).toEqual([...new TextEncoder().encode('prog -v'), 0]);
    expect(t.m.ram.i32[0x1004 / 4]).toBe(7);
    t.poke(0x1000, 0x2000, 4);
    expect(t.call(SYS_GET_CMDLINE, 0x1000)).toBe(-1);
  });

  it('SYS_HEAPINFO fills the block r1 points at', () => {
    const t = setup({ heap: { heapBase: 0x9000, heapLimit: 0xf0000, stackBase: 0x100000, stackLimit: 0xf0000 } });
    t.poke(0x1000, 0x3000);
    t.call(SYS_HEAPINFO, 0x1000);
    expect(Array.from(t.m.ram.i32.subarray(0x3000 / 4, 0x3010 / 4))).toEqual([0x9000, 0xf0000, 0x100000, 0xf0000]);
  });

  it('unknown operations return -1 with ENOSYS', () => {
    const t = setup();
    expect(t.call(0x31, 0)).toBe(-1);
    expect(t.call(SYS_ERRNO, 0)).toBe(38);
  });
});

describe('semihosting exit (QEMU AArch32 rules)', () => {
  it('SYS_EXIT with ADP_Stopped_ApplicationExit is status 0, any other reason 1', () => {
    const t = setup();
    t.call(SYS_EXIT, ADP_STOPPED_APPLICATION_EXIT);
    expect([t.m.cpu.event, t.m.cpu.haltStatus]).toEqual([EV_HALT, 0]);
    t.call(SYS_EXIT, 0x20023);
    expect(t.m.cpu.haltStatus).toBe(1);
  });

  it('SYS_EXIT_EXTENDED reports the subcode of an application exit', () => {
    const t = setup();
    t.poke(0x1000, ADP_STOPPED_APPLICATION_EXIT, 3);
    t.call(SYS_EXIT_EXTENDED, 0x1000);
    expect([t.m.cpu.event, t.m.cpu.haltStatus]).toEqual([EV_HALT, 3]);
    t.poke(0x1000, 0x20023, 3);
    t.call(SYS_EXIT_EXTENDED, 0x1000);
    expect(t.m.cpu.haltStatus).toBe(1);
  });
});

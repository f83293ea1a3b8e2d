import { describe, expect, it } from 'vitest';
import { halves, nzcv, runThumb, u, type ThumbSetup } from './harness.ts';

/** One instruction with its inputs and the exact registers and NZCV it must leave. */
interface Case {
  asm: string;
  setup: ThumbSetup;
  want: Readonly<Record<number, number>>;
  flags: number;
}

function check(c: Case): void {
  const { cpu, exit } = runThumb(c.asm, c.setup);
  expect(exit.kind).toBe('swi');
  for (const [k, v] of Object.entries(c.want)) expect(u(cpu, Number(k)), `r${k}`).toBe(v >>> 0);
  expect(nzcv(cpu), 'NZCV').toBe(c.flags);
}

const N = 8, Z = 4, C = 2, V = 1;

describe('format 1: shift by immediate', () => {
  const cases: Case[] = [
    // LSL #0 is a move that keeps C (and V).
    { asm: 'lsls r0, r1, #0', setup: { r: { 1: 0x80000000 }, nzcv: C | V }, want: { 0: 0x80000000 }, flags: N | C | V },
    { asm: 'lsls r0, r1, #1', setup: { r: { 1: 0x80000001 } }, want: { 0: 2 }, flags: C },
    { asm: 'lsls r0, r1, #31', setup: { r: { 1: 3 } }, want: { 0: 0x80000000 }, flags: N | C },
    { asm: 'lsrs r0, r1, #1', setup: { r: { 1: 3 } }, want: { 0: 1 }, flags: C },
    // LSR #32 (encoded as #0): C = bit 31, result 0.
    { asm: 'lsrs r0, r1, #32', setup: { r: { 1: 0x80000000 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'lsrs r0, r1, #32', setup: { r: { 1: 0x7fffffff }, nzcv: C }, want: { 0: 0 }, flags: Z },
    { asm: 'asrs r0, r1, #4', setup: { r: { 1: 0x80000008 } }, want: { 0: 0xf8000000 }, flags: N | C },
    // ASR #32 (encoded as #0): every bit and C become bit 31.
    { asm: 'asrs r0, r1, #32', setup: { r: { 1: 0x80000000 } }, want: { 0: 0xffffffff }, flags: N | C },
    { asm: 'asrs r0, r1, #32', setup: { r: { 1: 0x7fffffff }, nzcv: C }, want: { 0: 0 }, flags: Z },
  ];
  for (const c of cases) it(`${c.asm} [${c.setup.r?.[1]?.toString(16)}]`, () => check(c));

  it('encodes the #32 forms as immediate 0', () => {
    const { t } = runThumb('lsrs r0, r1, #32\nasrs r0, r1, #32');
    expect(t.m.ram.u16[0x8000 >>> 1]).toBe(0x0808);
    expect(t.m.ram.u16[0x8002 >>> 1]).toBe(0x1008);
  });
});

describe('format 2: ADD/SUB register and 3-bit immediate', () => {
  const cases: Case[] = [
    { asm: 'adds r0, r1, r2', setup: { r: { 1: 0x7fffffff, 2: 1 } }, want: { 0: 0x80000000 }, flags: N | V },
    { asm: 'adds r0, r1, r2', setup: { r: { 1: 0xffffffff, 2: 1 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'adds r0, r1, r2', setup: { r: { 1: 0x80000000, 2: 0x80000000 } }, want: { 0: 0 }, flags: Z | C | V },
    { asm: 'subs r0, r1, r2', setup: { r: { 1: 0, 2: 1 } }, want: { 0: 0xffffffff }, flags: N },
    { asm: 'subs r0, r1, r2', setup: { r: { 1: 0x80000000, 2: 1 } }, want: { 0: 0x7fffffff }, flags: C | V },
    { asm: 'subs r7, r7, r7', setup: { r: { 7: 0x1234 } }, want: { 7: 0 }, flags: Z | C },
    { asm: 'adds r0, r1, #7', setup: { r: { 1: 0xfffffff9 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'subs r0, r1, #7', setup: { r: { 1: 7 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'subs r0, r1, #1', setup: { r: { 1: 0 } }, want: { 0: 0xffffffff }, flags: N },
    // ADDS Rd, Rn, #0 is the pre-UAL MOV Rd, Rn: it clears C and V.
    { asm: 'adds r0, r1, #0', setup: { r: { 1: 5 }, nzcv: N | Z | C | V }, want: { 0: 5 }, flags: 0 },
  ];
  for (const c of cases) it(c.asm, () => check(c));
});

describe('format 3: 8-bit immediate', () => {
  const cases: Case[] = [
    { asm: 'movs r3, #0', setup: { r: { 3: 9 }, nzcv: N | C | V }, want: { 3: 0 }, flags: Z | C | V },
    { asm: 'movs r7, #255', setup: { nzcv: Z }, want: { 7: 255 }, flags: 0 },
    { asm: 'cmp r3, #1', setup: { r: { 3: 0 } }, want: { 3: 0 }, flags: N },
    { asm: 'cmp r3, #255', setup: { r: { 3: 255 } }, want: { 3: 255 }, flags: Z | C },
    { asm: 'adds r3, #255', setup: { r: { 3: 0xffffff01 } }, want: { 3: 0 }, flags: Z | C },
    { asm: 'adds r3, #1', setup: { r: { 3: 0x7fffffff } }, want: { 3: 0x80000000 }, flags: N | V },
    { asm: 'subs r3, #1', setup: { r: { 3: 0x80000000 } }, want: { 3: 0x7fffffff }, flags: C | V },
    { asm: 'subs r3, #200', setup: { r: { 3: 100 } }, want: { 3: 0xffffff9c }, flags: N },
  ];
  for (const c of cases) it(c.asm, () => check(c));
});

describe('format 4: register ALU operations', () => {
  const cases: Case[] = [
    { asm: 'ands r0, r1', setup: { r: { 0: 0xff00ff00, 1: 0x0ff00ff0 }, nzcv: C | V }, want: { 0: 0x0f000f00 }, flags: C | V },
    { asm: 'eors r0, r1', setup: { r: { 0: 0xffffffff, 1: 0x7fffffff } }, want: { 0: 0x80000000 }, flags: N },
    // Register shifts use Rs[7:0]: 0 keeps Rd and C.
    { asm: 'lsls r0, r1', setup: { r: { 0: 1, 1: 0x100 }, nzcv: C }, want: { 0: 1 }, flags: C },
    { asm: 'lsls r0, r1', setup: { r: { 0: 0x40000001, 1: 0xffffff01 } }, want: { 0: 0x80000002 }, flags: N },
    { asm: 'lsls r0, r1', setup: { r: { 0: 3, 1: 32 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'lsls r0, r1', setup: { r: { 0: 3, 1: 33 }, nzcv: C }, want: { 0: 0 }, flags: Z },
    { asm: 'lsrs r0, r1', setup: { r: { 0: 0x80000000, 1: 31 } }, want: { 0: 1 }, flags: 0 },
    { asm: 'lsrs r0, r1', setup: { r: { 0: 0x80000000, 1: 32 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'lsrs r0, r1', setup: { r: { 0: 0x80000000, 1: 33 }, nzcv: C }, want: { 0: 0 }, flags: Z },
    { asm: 'lsrs r0, r1', setup: { r: { 0: 0x80000000, 1: 0 }, nzcv: V }, want: { 0: 0x80000000 }, flags: N | V },
    { asm: 'asrs r0, r1', setup: { r: { 0: 0x80000000, 1: 200 } }, want: { 0: 0xffffffff }, flags: N | C },
    { asm: 'asrs r0, r1', setup: { r: { 0: 0x40000000, 1: 32 }, nzcv: C }, want: { 0: 0 }, flags: Z },
    { asm: 'asrs r0, r1', setup: { r: { 0: 0x80000010, 1: 5 } }, want: { 0: 0xfc000000 }, flags: N | C },
    { asm: 'asrs r0, r1', setup: { r: { 0: 0x80000000, 1: 0 }, nzcv: V }, want: { 0: 0x80000000 }, flags: N | V },
    { asm: 'adcs r0, r1', setup: { r: { 0: 0xffffffff, 1: 0 }, nzcv: C }, want: { 0: 0 }, flags: Z | C },
    { asm: 'adcs r0, r1', setup: { r: { 0: 0x7fffffff, 1: 0 }, nzcv: C }, want: { 0: 0x80000000 }, flags: N | V },
    { asm: 'adcs r0, r1', setup: { r: { 0: 0xffffffff, 1: 0xffffffff }, nzcv: C }, want: { 0: 0xffffffff }, flags: N | C },
    { asm: 'sbcs r0, r1', setup: { r: { 0: 5, 1: 3 } }, want: { 0: 1 }, flags: C },
    { asm: 'sbcs r0, r1', setup: { r: { 0: 5, 1: 3 }, nzcv: C }, want: { 0: 2 }, flags: C },
    { asm: 'sbcs r0, r1', setup: { r: { 0: 0, 1: 0 } }, want: { 0: 0xffffffff }, flags: N },
    { asm: 'sbcs r0, r1', setup: { r: { 0: 0x80000000, 1: 0 } }, want: { 0: 0x7fffffff }, flags: C | V },
    { asm: 'sbcs r0, r1', setup: { r: { 0: 0, 1: 0xffffffff }, nzcv: C }, want: { 0: 1 }, flags: 0 },
    { asm: 'rors r0, r1', setup: { r: { 0: 0x80000001, 1: 1 } }, want: { 0: 0xc0000000 }, flags: N | C },
    // ROR by a non-zero multiple of 32 keeps Rd and sets C = Rd[31].
    { asm: 'rors r0, r1', setup: { r: { 0: 0x80000001, 1: 32 } }, want: { 0: 0x80000001 }, flags: N | C },
    { asm: 'rors r0, r1', setup: { r: { 0: 0x7fffffff, 1: 64 }, nzcv: C }, want: { 0: 0x7fffffff }, flags: 0 },
    { asm: 'rors r0, r1', setup: { r: { 0: 1, 1: 0x100 }, nzcv: C }, want: { 0: 1 }, flags: C },
    { asm: 'rors r0, r1', setup: { r: { 0: 0x12345678, 1: 36 } }, want: { 0: 0x81234567 }, flags: N | C },
    { asm: 'tst r0, r1', setup: { r: { 0: 0xf0, 1: 0x0f }, nzcv: C | V }, want: { 0: 0xf0 }, flags: Z | C | V },
    { asm: 'negs r0, r1', setup: { r: { 1: 0 } }, want: { 0: 0 }, flags: Z | C },
    { asm: 'negs r0, r1', setup: { r: { 1: 1 } }, want: { 0: 0xffffffff }, flags: N },
    { asm: 'negs r0, r1', setup: { r: { 1: 0x80000000 } }, want: { 0: 0x80000000 }, flags: N | V },
    { asm: 'cmp r0, r1', setup: { r: { 0: 1, 1: 2 } }, want: { 0: 1 }, flags: N },
    { asm: 'cmp r0, r1', setup: { r: { 0: 0x7fffffff, 1: 0xffffffff } }, want: { 0: 0x7fffffff }, flags: N | V },
    { asm: 'cmn r0, r1', setup: { r: { 0: 0xffffffff, 1: 1 } }, want: { 0: 0xffffffff }, flags: Z | C },
    { asm: 'orrs r0, r1', setup: { r: { 0: 0x80000000, 1: 1 } }, want: { 0: 0x80000001 }, flags: N },
    // MULS: C and V unchanged on ARMv5.
    { asm: 'muls r0, r1, r0', setup: { r: { 0: 0x10000, 1: 0x10000 }, nzcv: C | V }, want: { 0: 0 }, flags: Z | C | V },
    { asm: 'muls r0, r1, r0', setup: { r: { 0: 0xfffffffd, 1: 7 } }, want: { 0: 0xffffffeb }, flags: N },
    { asm: 'muls r0, r1, r0', setup: { r: { 0: 0x12345678, 1: 0x9abcdef1 }, nzcv: C }, want: { 0: 0x366176f8 }, flags: C },
    { asm: 'bics r0, r1', setup: { r: { 0: 0xffffffff, 1: 0x7fffffff } }, want: { 0: 0x80000000 }, flags: N },
    { asm: 'mvns r0, r1', setup: { r: { 1: 0xffffffff }, nzcv: C | V }, want: { 0: 0 }, flags: Z | C | V },
  ];
  for (const c of cases) {
    const r = c.setup.r ?? {};
    it(`${c.asm} [${Object.values(r).map((x) => x.toString(16)).join(', ')}]`, () => check(c));
  }
});

describe('format 5: high-register operations', () => {
  it('ADD with a high register sets no flags', () => {
    check({ asm: 'add r8, r1', setup: { r: { 8: 0xffffffff, 1: 1 }, nzcv: N | V }, want: { 8: 0 }, flags: N | V });
  });
  it('ADD Rd, PC reads the instruction address + 4', () => {
    check({ asm: 'add r0, pc', setup: { r: { 0: 5 } }, want: { 0: 0x8009 }, flags: 0 });
  });
  it('MOV Rd, PC reads the instruction address + 4 (also at a halfword address)', () => {
    check({ asm: 'mov r0, pc\nmov r1, pc', setup: {}, want: { 0: 0x8004, 1: 0x8006 }, flags: 0 });
  });
  it('MOV between high and low registers', () => {
    check({ asm: 'mov r9, r0\nmov r2, r9', setup: { r: { 0: 0x1234 }, nzcv: Z }, want: { 9: 0x1234, 2: 0x1234 }, flags: Z });
  });
  it('CMP with high registers sets all four flags', () => {
    check({ asm: 'cmp r8, r0', setup: { r: { 8: 1, 0: 1 } }, want: {}, flags: Z | C });
    check({ asm: 'cmp r0, r8', setup: { r: { 0: 0x80000000, 8: 1 } }, want: {}, flags: C | V });
  });
  it('low-to-low encodings (UNPREDICTABLE before ARMv6) act as the plain operation', () => {
    // 0x4608 MOV r0, r1 (no flags); 0x4401 ADD r1, r0 (no flags); 0x4501 CMP r1, r0.
    const { cpu } = runThumb(halves(0x4608, 0x4401, 0x4501, 0xdf00), { r: { 1: 0x55 }, nzcv: N | V });
    expect(u(cpu, 0)).toBe(0x55);
    expect(u(cpu, 1)).toBe(0xaa);
    expect(nzcv(cpu)).toBe(C);
  });
  it('MOV PC, Rm branches without interworking and clears bit 0', () => {
    const { cpu, exit } = runThumb(
      'adr r0, 1f\nadds r0, #1\nmov pc, r0\nmovs r1, #1\nswi 1\n.align 2\n1: movs r2, #2',
    );
    expect(exit.kind).toBe('swi');
    expect(exit.imm).toBe(0);
    expect(cpu.t).toBe(1);
    expect(u(cpu, 1)).toBe(0);
    expect(u(cpu, 2)).toBe(2);
  });
  it('MOV PC, Rm with bit 0 clear stays in Thumb state', () => {
    const { cpu, exit } = runThumb(halves(0x4687, 0xdf01, 0xdf02, 0xdf03), { r: { 0: 0x8004 } });
    expect(exit.imm).toBe(2);
    expect(exit.swiAddr).toBe(0x8004);
    expect(cpu.t).toBe(1);
  });
  it('ADD PC, Rm branches to address + 4 + Rm with bit 0 cleared', () => {
    // 0x448f ADD pc, r1: 0x8004 + 5 = 0x8009 -> 0x8008.
    const code = halves(0x448f, 0xdf01, 0xdf02, 0xdf03, 0x2207, 0xdf00);
    const { cpu, exit } = runThumb(code, { r: { 1: 5 } });
    expect(exit.imm).toBe(0);
    expect(exit.swiAddr).toBe(0x800a);
    expect(u(cpu, 2)).toBe(7);
  });
});

describe('formats 12 and 13: ADD to PC/SP and SP adjustment', () => {
  it('ADD Rd, PC, #imm word-aligns the PC', () => {
    // 0xa001 ADD r0, PC, #4 at 0x8000 and 0xa101 ADD r1, PC, #4 at 0x8002: both 0x8008.
    const { cpu } = runThumb(halves(0xa001, 0xa101, 0xa7ff, 0xdf00));
    expect(u(cpu, 0)).toBe(0x8008);
    expect(u(cpu, 1)).toBe(0x8008);
    expect(u(cpu, 7)).toBe(0x8008 + 1020);
  });
  it('ADD Rd, SP, #imm and ADD/SUB SP, #imm', () => {
    // 0xaaff ADD r2, SP, #1020; 0xb07f ADD SP, #508; 0xb081 SUB SP, #4; 0xb0ff SUB SP, #508.
    const { cpu, exit } = runThumb(halves(0xaaff, 0xb07f, 0xb081, 0xdf00), { nzcv: Z });
    expect(exit.kind).toBe('swi');
    expect(u(cpu, 2)).toBe(0x803fc);
    expect(u(cpu, 13)).toBe(0x801f8);
    expect(nzcv(cpu)).toBe(Z);
    const sub = runThumb(halves(0xb0ff, 0xdf00));
    expect(u(sub.cpu, 13)).toBe(0x80000 - 508);
  });
});

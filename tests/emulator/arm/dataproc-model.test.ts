import { describe, expect, it } from 'vitest';
import { decodeArm } from '../../../src/emulator/cpu/arm/decode.ts';
import { Machine } from '../../../src/emulator/machine.ts';

/**
 * Data processing against an independent model written from the ARM ARM pseudocode in BigInt
 * arithmetic: subtraction as a + NOT(b) + 1, carries and overflows from the exact sums. Every
 * opcode, with and without S, over every shifter-operand form, on edge-biased operands from a
 * fixed-seed generator (deterministic).
 */

const M32 = 0xffffffffn;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

const EDGES = [0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 31, 32, 33, 255];

interface State { a: number; m: number; s: number; c: number; v: number }
interface Out { res: number; n: number; z: number; c: number; v: number }

/** Shifter operand per ARM ARM A5.1 (returns [value, carry]). */
function shifter(insn: number, st: State): [number, number] {
  if ((insn & (1 << 25)) !== 0) {
    const rot = ((insn >>> 8) & 15) * 2;
    const v = Number(((BigInt(insn & 0xff) << 32n) >> BigInt(rot) | (BigInt(insn & 0xff) >> BigInt(rot))) & M32);
    return [v, rot === 0 ? st.c : v >>> 31];
  }
  const rm = BigInt(st.m);
  const type = (insn >>> 5) & 3;
  let amt: number;
  if ((insn & 0x10) !== 0) {
    amt = st.s & 0xff;
    if (amt === 0) return [st.m, st.c];
  } else {
    amt = (insn >>> 7) & 31;
    if (amt === 0) {
      if (type === 0) return [st.m, st.c];
      if (type === 3) return [Number((BigInt(st.c) << 31n) | (rm >> 1n)), st.m & 1];
      amt = 32;
    }
  }
  const bit = (k: number): number => (k >= 0 && k < 32 ? Number((rm >> BigInt(k)) & 1n) : 0);
  switch (type) {
    case 0: return [amt >= 32 ? 0 : Number((rm << BigInt(amt)) & M32), bit(32 - amt)];
    case 1: return [amt >= 32 ? 0 : Number(rm >> BigInt(amt)), bit(amt - 1)];
    case 2: {
      const sign = st.m >>> 31;
      if (amt >= 32) return [sign ? 0xffffffff : 0, sign];
      const srm = BigInt.asIntN(32, rm);
      return [Number(BigInt.asUintN(32, srm >> BigInt(amt))), bit(amt - 1)];
    }
    default: {
      const k = amt % 32;
      if (k === 0) return [st.m, st.m >>> 31];
      return [Number(((rm >> BigInt(k)) | (rm << BigInt(32 - k))) & M32), bit(k - 1)];
    }
  }
}

function addWithCarry(a: number, b: number, cin: number): Out {
  const u = BigInt(a) + BigInt(b) + BigInt(cin);
  const s = BigInt.asIntN(32, BigInt(a)) + BigInt.asIntN(32, BigInt(b)) + BigInt(cin);
  const res = Number(u & M32);
  return { res, n: res >>> 31, z: res === 0 ? 1 : 0, c: u > M32 ? 1 : 0, v: s !== BigInt.asIntN(32, u & M32) ? 1 : 0 };
}

function model(op: number, insn: number, st: State): Out {
  const [b, sc] = shifter(insn, st);
  const a = st.a;
  const not = (x: number): number => (~x) >>> 0;
  const logic = (res: number): Out => ({ res: res >>> 0, n: res >>> 31, z: res >>> 0 === 0 ? 1 : 0, c: sc, v: st.v });
  switch (op) {
    case 0: case 8: return logic(a & b);
    case 1: case 9: return logic(a ^ b);
    case 2: case 10: return addWithCarry(a, not(b), 1);
    case 3: return addWithCarry(b, not(a), 1);
    case 4: case 11: return addWithCarry(a, b, 0);
    case 5: return addWithCarry(a, b, st.c);
    case 6: return addWithCarry(a, not(b), st.c);
    case 7: return addWithCarry(b, not(a), st.c);
    case 12: return logic(a | b);
    case 13: return logic(b);
    case 14: return logic(a & not(b));
    default: return logic(not(b));
  }
}

describe('data processing against a BigInt model', () => {
  it('agrees on every opcode, S bit and operand form', () => {
    const machine = new Machine({ ramSize: 1 << 16, delivery: 'trap' });
    const cpu = machine.cpu;
    const next = rng(0x2545f491);
    const pick = (): number => ((next() & 3) === 0 ? next() : EDGES[next() % EDGES.length]!) >>> 0;
    let checked = 0;
    for (let iter = 0; iter < 4000; iter++) {
      const op = iter & 15;
      const isTest = op >= 8 && op <= 11;
      const s = isTest || (next() & 1) === 1 ? 1 : 0;
      const form = next() % 3;
      // Rn = r1, Rd = r2, Rm = r3, Rs = r4.
      let insn = 0xe0000000 | (op << 21) | (s << 20) | (1 << 16) | (2 << 12);
      if (form === 0) insn |= (1 << 25) | ((next() & 15) << 8) | (next() & 0xff);
      else if (form === 1) insn |= ((next() & 31) << 7) | ((next() & 3) << 5) | 3;
      else insn |= (4 << 8) | ((next() & 3) << 5) | 0x10 | 3;
      const st: State = { a: pick(), m: pick(), s: pick(), c: next() & 1, v: next() & 1 };
      const n0 = next() & 1;
      const z0 = next() & 1;
      cpu.r[1] = st.a;
      cpu.r[3] = st.m;
      cpu.r[4] = st.s;
      cpu.r[2] = 0x5a5a5a5a;
      cpu.n = n0;
      cpu.z = z0;
      cpu.c = st.c;
      cpu.v = st.v;
      cpu.r[15] = 0x8008;
      cpu.pc = 0x8004;
      decodeArm(insn | 0)(cpu, insn | 0);
      const want = model(op, insn, st);
      const ctx = `insn ${(insn >>> 0).toString(16)} a=${st.a.toString(16)} m=${st.m.toString(16)} ` +
        `s=${st.s.toString(16)} c=${st.c}`;
      expect(cpu.r[2]! >>> 0, ctx).toBe(isTest ? 0x5a5a5a5a : want.res);
      const got = [cpu.n, cpu.z, cpu.c, cpu.v];
      expect(got, ctx).toEqual(s === 1 ? [want.n, want.z, want.c, want.v] : [n0, z0, st.c, st.v]);
      checked++;
    }
    expect(checked).toBe(4000);
  });
});

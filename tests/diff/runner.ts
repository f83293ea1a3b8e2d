/**
 * Runs one generated sequence on czemu and on Unicorn from the same state and reports every
 * difference: r0-r15, the whole CPSR (N Z C V Q, I F T, mode), the SPSR, the user-bank r13/r14
 * (LDM/STM ^ reach them) and the data area.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine } from '../../src/emulator/machine.ts';
import { MODE_SVC, MODE_SYS, MODE_USR } from '../../src/emulator/cpu/modes.ts';
import { CODE_BASE, DATA_BASE, DATA_SIZE, MAP_SIZE, type Sequence } from './layout.ts';
import type { Rng } from './rng.ts';
import type { Unicorn } from './unicorn.ts';

/** The architectural state both engines start from. */
export interface InitialState {
  /** r0-r14 of SVC mode. */
  regs: Int32Array;
  /** User-bank r13, r14. */
  userSp: number;
  userLr: number;
  cpsr: number;
  spsr: number;
  data: Uint8Array;
}

/** What an engine ended with. */
export interface FinalState {
  stop: string;
  regs: Int32Array;
  cpsr: number;
  spsr: number;
  userSp: number;
  userLr: number;
  data: Uint8Array;
}

/** CPSR bits an instruction can legitimately change here: N Z C V Q and (via setup) nothing else. */
const I_F = 0xc0;

/** Random registers, flags and data for a sequence: SVC mode, interrupts masked. */
export function randomState(rng: Rng, thumb: boolean): InitialState {
  const regs = new Int32Array(15);
  for (let i = 0; i < 15; i++) regs[i] = rng.value();
  const data = new Uint8Array(DATA_SIZE);
  for (let i = 0; i < DATA_SIZE; i += 4) {
    const v = rng.chance(0.5) ? rng.u32() : rng.value();
    data[i] = v; data[i + 1] = v >>> 8; data[i + 2] = v >>> 16; data[i + 3] = v >>> 24;
  }
  const flags = rng.below(32) << 27;
  const cpsr = flags | I_F | (thumb ? 0x20 : 0) | MODE_SVC;
  const spsr = (rng.below(32) << 27) | MODE_USR;
  return { regs, userSp: rng.value(), userLr: rng.value(), cpsr, spsr, data };
}

/** A reusable czemu machine for differential runs (trap delivery, 64 KB of RAM, MMU off). */
export function newCzemu(): Machine {
  return new Machine({ ramSize: MAP_SIZE, delivery: 'trap' });
}

/** Maps the shared world into a fresh Unicorn engine. */
export function prepareUnicorn(uc: Unicorn): void {
  uc.map(0, MAP_SIZE);
}

/** Bytes after CODE_BASE both engines hold identically (literal loads read past the code). */
const CODE_WINDOW = 0x800;

function paddedCode(seq: Sequence): Uint8Array {
  if (seq.code.length > CODE_WINDOW) throw new RangeError('sequence longer than the code window');
  const code = new Uint8Array(CODE_WINDOW);
  code.set(seq.code);
  return code;
}

/** Runs `seq` on czemu from state `s`; `stop` is 'end' when it reached the terminator. */
export function runCzemu(m: Machine, seq: Sequence, s: InitialState, budget: number): FinalState {
  const cpu = m.cpu;
  m.reset();
  m.writePhys(DATA_BASE, s.data);
  m.writePhys(CODE_BASE, paddedCode(seq));
  cpu.setCpsr(s.cpsr);
  cpu.setSpsr(s.spsr);
  cpu.setUserReg(13, s.userSp);
  cpu.setUserReg(14, s.userLr);
  for (let i = 0; i < 15; i++) cpu.r[i] = s.regs[i]!;
  cpu.pc = CODE_BASE;
  const exit = m.run(budget);
  const ok = exit.kind === 'bkpt' && exit.pc === seq.end;
  const regs = new Int32Array(16);
  regs.set(cpu.r.subarray(0, 15));
  regs[15] = cpu.pc;
  return {
    stop: ok ? 'end' : `${exit.kind} at 0x${exit.pc.toString(16)}${exit.kind === 'undefined' ? ` (insn 0x${(exit.insn >>> 0).toString(16)})` : ''}`,
    regs, cpsr: cpu.getCpsr(), spsr: cpu.getSpsr(),
    userSp: cpu.getUserReg(13), userLr: cpu.getUserReg(14),
    data: m.ram.u8.slice(DATA_BASE, DATA_BASE + DATA_SIZE),
  };
}

/** Runs `seq` on Unicorn from state `s`; `stop` is 'end' when it reached the terminator. */
export function runUnicorn(uc: Unicorn, seq: Sequence, s: InitialState, budget: number): FinalState {
  uc.write(DATA_BASE, s.data);
  uc.write(CODE_BASE, paddedCode(seq));
  uc.flushCode(CODE_BASE, CODE_BASE + CODE_WINDOW);
  // Set the user bank from SYS mode (same registers), then enter the real starting mode.
  uc.setCpsr(I_F | MODE_SYS);
  uc.setReg(13, s.userSp);
  uc.setReg(14, s.userLr);
  uc.setCpsr(s.cpsr);
  uc.setSpsr(s.spsr);
  for (let i = 0; i < 15; i++) uc.setReg(i, s.regs[i]!);
  const rc = uc.run(CODE_BASE | (seq.thumb ? 1 : 0), seq.end, budget);
  const regs = new Int32Array(16);
  for (let i = 0; i < 16; i++) regs[i] = uc.reg(i);
  const cpsr = uc.cpsr();
  const spsr = uc.spsr();
  const pcOk = (regs[15]! >>> 0) === seq.end;
  uc.setCpsr((cpsr & ~0x1f) | MODE_SYS);
  const userSp = uc.reg(13);
  const userLr = uc.reg(14);
  uc.setCpsr(cpsr);
  return {
    stop: rc === 0 && pcOk ? 'end' : `uc_err ${rc} (${uc.strerror(rc)}) pc 0x${(regs[15]! >>> 0).toString(16)}`,
    regs, cpsr, spsr, userSp, userLr, data: uc.read(DATA_BASE, DATA_SIZE),
  };
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** Lines describing every difference between czemu (`a`) and Unicorn (`b`); empty when equal. */
function compare(a: FinalState, b: FinalState): string[] {
  const out: string[] = [];
  if (a.stop !== b.stop) out.push(`stop: czemu ${a.stop}, unicorn ${b.stop}`);
  for (let i = 0; i < 16; i++) {
    if (a.regs[i] !== b.regs[i]) out.push(`r${i}: czemu ${hex(a.regs[i]!)} unicorn ${hex(b.regs[i]!)}`);
  }
  if (a.cpsr !== b.cpsr) out.push(`cpsr: czemu ${hex(a.cpsr)} unicorn ${hex(b.cpsr)}`);
  if (a.spsr !== b.spsr) out.push(`spsr: czemu ${hex(a.spsr)} unicorn ${hex(b.spsr)}`);
  if (a.userSp !== b.userSp) out.push(`r13_usr: czemu ${hex(a.userSp)} unicorn ${hex(b.userSp)}`);
  if (a.userLr !== b.userLr) out.push(`r14_usr: czemu ${hex(a.userLr)} unicorn ${hex(b.userLr)}`);
  let shown = 0;
  for (let i = 0; i < DATA_SIZE && shown < 8; i += 4) {
    const x = a.data[i]! | (a.data[i + 1]! << 8) | (a.data[i + 2]! << 16) | (a.data[i + 3]! << 24);
    const y = b.data[i]! | (b.data[i + 1]! << 8) | (b.data[i + 2]! << 16) | (b.data[i + 3]! << 24);
    if (x !== y) {
      out.push(`mem[${hex(DATA_BASE + i)}]: czemu ${hex(x)} unicorn ${hex(y)}`);
      shown++;
    }
  }
  return out;
}

/** Runs `seq` from `state` on both engines; returns the differences (empty = agreement). */
export function diffSequence(m: Machine, uc: Unicorn, seq: Sequence, state: InitialState): string[] {
  const budget = seq.code.length; // forward-only code: never more instructions than bytes
  return compare(runCzemu(m, seq, state, budget), runUnicorn(uc, seq, state, budget));
}

/** objdump's disassembly of `seq` at CODE_BASE (for failure reports). */
export function disassemble(seq: Sequence): string {
  const dir = mkdtempSync(join(tmpdir(), 'czemu-diff-'));
  try {
    const bin = join(dir, 'seq.bin');
    writeFileSync(bin, seq.code);
    const args = ['-b', 'binary', '-marm', '-D', `--adjust-vma=0x${CODE_BASE.toString(16)}`];
    if (seq.thumb) args.push('-Mforce-thumb');
    const text = execFileSync('arm-none-eabi-objdump', [...args, bin], { encoding: 'utf8' });
    return text.split('\n').filter((l) => /^\s+[0-9a-f]+:/.test(l)).join('\n');
  } catch (e) {
    return `(objdump unavailable: ${(e as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Formats the initial state compactly for a failure report. */
export function describeState(s: InitialState): string {
  const regs = Array.from(s.regs, (v, i) => `r${i}=${hex(v)}`);
  const lines: string[] = [];
  for (let i = 0; i < regs.length; i += 5) lines.push(regs.slice(i, i + 5).join(' '));
  lines.push(`cpsr=${hex(s.cpsr)} spsr=${hex(s.spsr)} r13_usr=${hex(s.userSp)} r14_usr=${hex(s.userLr)}`);
  return lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { MachineTarget } from '../../../src/emulator/debug/machine-target.ts';
import { Z_READ_WATCH, Z_WRITE_WATCH } from '../../../src/emulator/debug/gdb/target.ts';
import { Watchpoints } from '../../../src/emulator/debug/watchpoints.ts';
import { bootCode, CODE_BASE } from '../../helpers/machine.ts';

/**
 * Watchpoints stop BEFORE the watched access takes effect, at the accessing instruction: the MMU
 * aborts it like a data abort (nothing commits), the CPU exits with kind 'watchpoint' whatever the
 * delivery, and resuming runs the instruction once with watchpoints muted. In translated blocks
 * the same holds (c.stopAddr names the instruction).
 */
const DATA = 0x20000;

describe('watchpoints stop before the access', () => {
  it('STR with writeback: pc at the STR, memory and base unchanged, then resumes past it', () => {
    const t = bootCode(`
      ldr r1, =${DATA}
      mov r0, #7
      str r0, [r1], #4
      mov r2, #1
      swi 0
    `);
    const w = new Watchpoints(t.m.cpu);
    w.add({ kind: 'watch', addr: DATA, len: 4 });
    t.m.bus.write(DATA, 0x1234, 4);
    const x = t.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 8);
    expect(x.executed).toBe(2); // the STR has not executed
    expect(t.m.cpu.pc).toBe(CODE_BASE + 8);
    expect(t.m.cpu.r[1]).toBe(DATA);
    expect(t.m.bus.read(DATA, 4)).toBe(0x1234);
    expect(w.hit).toEqual({ kind: 'watch', addr: DATA, len: 4 });
    expect(w.hitAddr).toBe(DATA);
    expect(t.m.cpu.icount).toBe(2);
    // A run without resumeFromWatchpoint() stops again at once.
    expect(t.run().kind).toBe('watchpoint');
    t.m.cpu.resumeFromWatchpoint();
    const y = t.run();
    expect(y.kind).toBe('swi');
    expect(t.m.bus.read(DATA, 4)).toBe(7);
    expect(t.m.cpu.r[1]).toBe(DATA + 4);
    expect(t.m.cpu.r[2]).toBe(1);
    expect(t.m.cpu.icount).toBe(5);
  });

  it('a write watchpoint ignores reads; a read watchpoint leaves the destination register alone', () => {
    const t = bootCode(`
      ldr r1, =${DATA}
      mov r0, #5
      ldr r0, [r1]
      swi 0
    `);
    const w = new Watchpoints(t.m.cpu);
    w.add({ kind: 'watch', addr: DATA, len: 4 });
    t.m.bus.write(DATA, 9, 4);
    expect(t.run().kind).toBe('swi');
    expect(t.m.cpu.r[0]).toBe(9);

    const u = bootCode(`
      ldr r1, =${DATA}
      mov r0, #5
      ldrb r0, [r1, #2]
      swi 0
    `);
    const v = new Watchpoints(u.m.cpu);
    v.add({ kind: 'rwatch', addr: DATA + 2, len: 1 });
    const x = u.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 8);
    expect(u.m.cpu.r[0]).toBe(5);
  });

  it('never enters the guest abort handler under vector delivery, and leaves DFSR/FAR alone', () => {
    const t = bootCode(`
      ldr r1, =${DATA}
      str r0, [r1]
      swi 0
    `);
    t.m.cpu.delivery = 'vector';
    t.m.cp15.dfsr = 0x55;
    t.m.cp15.far = 0x66;
    const mode = t.m.cpu.mode;
    new Watchpoints(t.m.cpu).add({ kind: 'awatch', addr: DATA, len: 4 });
    const x = t.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 4);
    expect(t.m.cpu.mode).toBe(mode);
    expect(t.m.cp15.dfsr).toBe(0x55);
    expect(t.m.cp15.far).toBe(0x66);
    expect(t.m.mmu.faulted).toBe(false);
  });

  it('STM (push) with only its second word watched stores nothing and keeps sp', () => {
    const t = bootCode(`
      mov r4, #1
      mov lr, #2
      push {r4, lr}
      swi 0
    `);
    const sp = t.m.cpu.r[13]!;
    new Watchpoints(t.m.cpu).add({ kind: 'watch', addr: sp - 4, len: 4 });
    const x = t.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 8);
    expect(t.m.cpu.r[13]).toBe(sp);
    expect(t.m.bus.read(sp - 8, 4)).toBe(0);
    expect(t.m.bus.read(sp - 4, 4)).toBe(0);
    t.m.cpu.resumeFromWatchpoint();
    expect(t.run().kind).toBe('swi');
    expect(t.m.bus.read(sp - 8, 4)).toBe(1);
    expect(t.m.bus.read(sp - 4, 4)).toBe(2);
  });

  it('inside a translated block: the pc of the store, and nothing of it committed', () => {
    // The loop body runs as a JIT block after two entries; the store to DATA+8 happens on the
    // third iteration (r1 advances by 4 with writeback), inside the translated block.
    const t = bootCode(`
      ldr r1, =${DATA}
      mov r0, #0
    loop:
      add r0, r0, #1
      str r0, [r1], #4
      cmp r0, #6
      bne loop
      swi 0
    `);
    expect(t.m.cpu.jit).toBe(true);
    const w = new Watchpoints(t.m.cpu);
    w.add({ kind: 'watch', addr: DATA + 16, len: 4 });
    const x = t.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 12);
    expect(t.m.cpu.pc).toBe(CODE_BASE + 12);
    expect(t.m.cpu.r[0]).toBe(5); // the ADD before it in the block did commit
    expect(t.m.cpu.r[1]).toBe(DATA + 16); // the STR's writeback did not
    expect(t.m.bus.read(DATA + 12, 4)).toBe(4);
    expect(t.m.bus.read(DATA + 16, 4)).toBe(0);
    expect(x.executed).toBe(2 + 4 * 4 + 1);
    expect(t.m.cpu.armPages[CODE_BASE >>> 12]!.blocks.some((b) => b != null)).toBe(true);
    t.m.cpu.resumeFromWatchpoint();
    expect(t.run().kind).toBe('swi');
    expect(t.m.bus.read(DATA + 16, 4)).toBe(5);
    expect(t.m.bus.read(DATA + 20, 4)).toBe(6);
  });

  it('Thumb: STMIA with a watched word stops before it', () => {
    const t = bootCode(`
      .thumb
      ldr r1, =${DATA}
      movs r2, #3
      movs r3, #4
      stmia r1!, {r2, r3}
      swi 0
      .align 2
      .ltorg
    `, { thumb: true });
    new Watchpoints(t.m.cpu).add({ kind: 'watch', addr: DATA + 4, len: 2 });
    const x = t.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 6);
    expect(t.m.cpu.r[1]).toBe(DATA);
    expect(t.m.bus.read(DATA, 4)).toBe(0);
  });

  it('inside a translated Thumb block: the pc of the store, nothing of it committed', () => {
    const t = bootCode(`
      .thumb
      ldr r1, =${DATA}
      movs r0, #0
    loop:
      adds r0, r0, #1
      stmia r1!, {r0}
      cmp r0, #6
      bne loop
      swi 0
      .align 2
      .ltorg
    `, { thumb: true });
    new Watchpoints(t.m.cpu).add({ kind: 'watch', addr: DATA + 16, len: 4 });
    const x = t.run();
    expect(x.kind).toBe('watchpoint');
    expect(x.pc).toBe(CODE_BASE + 6);
    expect(t.m.cpu.r[0]).toBe(5);
    expect(t.m.cpu.r[1]).toBe(DATA + 16);
    expect(t.m.bus.read(DATA + 12, 4)).toBe(4);
    expect(t.m.bus.read(DATA + 16, 4)).toBe(0);
    expect(t.m.cpu.thumbPages[CODE_BASE >>> 12]!.blocks.some((b) => b != null)).toBe(true);
    t.m.cpu.resumeFromWatchpoint();
    expect(t.run().kind).toBe('swi');
    expect(t.m.bus.read(DATA + 16, 4)).toBe(5);
    expect(t.m.bus.read(DATA + 20, 4)).toBe(6);
  });

  it('MachineTarget (gdb): the stop names the data address; continue resumes past the hit', () => {
    const t = bootCode(`
      ldr r1, =${DATA}
      mov r0, #0
    loop:
      add r0, r0, #1
      str r0, [r1]
      cmp r0, #3
      bne loop
      swi 0
    `);
    const target = new MachineTarget(t.m);
    expect(target.insertPoint(Z_WRITE_WATCH, DATA, 4)).toBe(true);
    expect(target.insertPoint(Z_READ_WATCH, DATA + 8, 4)).toBe(true);
    for (const value of [0, 1, 2]) {
      const stop = target.run('continue', 1, 1000);
      expect(stop).toEqual({ signal: 5, thread: 1, watch: { kind: 'watch', addr: DATA } });
      expect(target.registers(1)![15]).toBe(CODE_BASE + 12);
      expect(t.m.bus.read(DATA, 4)).toBe(value);
    }
    // gdb's way: remove the watchpoint, step the instruction, insert it again.
    expect(target.removePoint(Z_WRITE_WATCH, DATA, 4)).toBe(true);
    target.run('step', 1, 1);
    expect(t.m.bus.read(DATA, 4)).toBe(3);
    expect(target.registers(1)![15]).toBe(CODE_BASE + 16);
  });
});

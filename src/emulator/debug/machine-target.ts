import type { Exit } from '../cpu/events.ts';
import type { Machine } from '../machine.ts';
import { newWalkOut } from '../mmu/walk.ts';
import type { DebugTarget, StopReason } from './gdb/target.ts';
import { Z_ACCESS_WATCH, Z_HW_BREAK, Z_READ_WATCH, Z_SW_BREAK, Z_WRITE_WATCH } from './gdb/target.ts';
import { Watchpoints } from './watchpoints.ts';

/** The gdb thread id of the single CPU of a bare-metal machine. */
export const BARE_THREAD = 1;

/**
 * A bare-metal Machine as a gdb target: one thread, memory seen through the MMU with privileged
 * permissions, breakpoints kept by the CPU (guest memory is never patched), watchpoints in the MMU.
 * `onExit` maps a machine exit (halt, trap) to a stop; the default treats 'halt' as the end.
 */
export class MachineTarget implements DebugTarget {
  private last: StopReason = { signal: 5, thread: BARE_THREAD };
  private readonly watch: Watchpoints;
  /** The pc of the instruction the last watchpoint stopped (it resumes past the hit once). */
  private watchPc = -1;
  exitStatus: number | undefined;

  constructor(private readonly m: Machine) {
    this.watch = new Watchpoints(m.cpu);
  }

  /** Only one thread. */
  threadIds(): number[] {
    return this.exitStatus === undefined ? [BARE_THREAD] : [];
  }

  /** Describes the CPU mode. */
  threadExtraInfo(): string {
    return `cpu mode 0x${this.m.cpu.mode.toString(16)}${this.m.cpu.t ? ' thumb' : ''}`;
  }

  /** r0-r15 (pc = next instruction) and CPSR. */
  registers(tid: number): number[] | undefined {
    if (tid !== BARE_THREAD) return undefined;
    const c = this.m.cpu;
    return [...Array.from(c.r.subarray(0, 15), (v) => v >>> 0), c.pc >>> 0, c.getCpsr() >>> 0];
  }

  /** Sets a register; writing pc moves execution, writing CPSR switches mode and state. */
  setRegister(tid: number, n: number, value: number): boolean {
    if (tid !== BARE_THREAD || n < 0 || n > 16) return false;
    const c = this.m.cpu;
    if (n === 15) c.pc = value | 0;
    else if (n === 16) c.setCpsr(value | 0);
    else c.r[n] = value | 0;
    return true;
  }

  /** Reads through the MMU without faulting (privileged view). */
  readMemory(tid: number, addr: number, len: number): Uint8Array {
    const out: number[] = [];
    if (tid !== BARE_THREAD) return Uint8Array.of();
    const w = newWalkOut();
    for (let i = 0; i < len; i++) {
      const pa = this.m.mmu.probe((addr + i) >>> 0, false, false, w);
      if (pa < 0) break;
      out.push(this.m.bus.read(pa, 1));
    }
    return Uint8Array.from(out);
  }

  /** Writes through the MMU (privileged), keeping decoded code coherent. */
  writeMemory(tid: number, addr: number, data: Uint8Array): boolean {
    if (tid !== BARE_THREAD) return false;
    const w = newWalkOut();
    for (let i = 0; i < data.length; i++) {
      const pa = this.m.mmu.probe((addr + i) >>> 0, true, false, w);
      if (pa < 0) return false;
      if (this.m.bus.isRam(pa)) this.m.writePhys(pa, data.subarray(i, i + 1));
      else this.m.bus.write(pa, data[i]!, 1);
    }
    return true;
  }

  /** Breakpoints are CPU-side address checks; watchpoints MMU-side. */
  insertPoint(type: number, addr: number, kind: number): boolean {
    if (type === Z_SW_BREAK || type === Z_HW_BREAK) {
      this.m.cpu.breakpoints.add(addr >>> 0);
      return true;
    }
    const k = watchKind(type);
    if (k === undefined) return false;
    this.watch.add({ kind: k, addr: addr >>> 0, len: Math.max(1, kind) });
    return true;
  }

  /** Removes a breakpoint or watchpoint. */
  removePoint(type: number, addr: number, kind: number): boolean {
    if (type === Z_SW_BREAK || type === Z_HW_BREAK) return this.m.cpu.breakpoints.delete(addr >>> 0);
    const k = watchKind(type);
    return k !== undefined && this.watch.remove(k, addr >>> 0, Math.max(1, kind));
  }

  /** Runs the CPU; see DebugTarget.run. */
  run(mode: 'step' | 'continue', _tid: number, budget: number): StopReason | undefined {
    if (this.exitStatus !== undefined) return { signal: 9, thread: BARE_THREAD, exited: this.exitStatus };
    const cpu = this.m.cpu;
    if (cpu.breakpoints.has(cpu.pc >>> 0)) cpu.resumeFromBreakpoint();
    if (this.watchPc === cpu.pc >>> 0) cpu.resumeFromWatchpoint();
    this.watchPc = -1;
    const x = this.m.run(mode === 'step' ? 1 : budget);
    const stop = this.toStop(x);
    if (stop !== undefined) this.last = stop;
    return stop;
  }

  private toStop(x: Exit): StopReason | undefined {
    switch (x.kind) {
      case 'budget':
        return undefined;
      case 'breakpoint':
        return { signal: 5, thread: BARE_THREAD, breakpoint: 'swbreak' };
      case 'watchpoint': {
        this.watchPc = x.pc >>> 0;
        const w = this.watch.hit;
        return w === undefined
          ? { signal: 5, thread: BARE_THREAD }
          : { signal: 5, thread: BARE_THREAD, watch: { kind: w.kind, addr: this.watch.hitAddr } };
      }
      case 'halt':
        this.exitStatus = x.status;
        return { signal: 9, thread: BARE_THREAD, exited: x.status };
      case 'undefined':
        return { signal: 4, thread: BARE_THREAD };
      case 'data-abort':
      case 'prefetch-abort':
        return { signal: 11, thread: BARE_THREAD };
      default:
        return { signal: 5, thread: BARE_THREAD };
    }
  }

  /** The last stop (SIGTRAP at the current pc before the first run). */
  currentStop(): StopReason {
    return this.last;
  }

  /** Monitor commands of a bare machine: `regs` prints banked state. */
  monitor(command: string): string {
    if (command.trim() === 'regs') {
      const c = this.m.cpu;
      return `cpsr=0x${(c.getCpsr() >>> 0).toString(16)} spsr=0x${(c.getSpsr() >>> 0).toString(16)}`;
    }
    return `unknown monitor command: ${command}`;
  }

  /** Stops the machine for good. */
  kill(): void {
    this.exitStatus ??= 137;
  }
}

function watchKind(type: number): 'watch' | 'rwatch' | 'awatch' | undefined {
  if (type === Z_WRITE_WATCH) return 'watch';
  if (type === Z_READ_WATCH) return 'rwatch';
  if (type === Z_ACCESS_WATCH) return 'awatch';
  return undefined;
}

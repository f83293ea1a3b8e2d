import { createInterface } from 'node:readline';
import type { Symbols } from '../emulator/loader/symbols.ts';
import { combineHooks } from '../kernel/debug/hooks.ts';
import { parseNumber, runMonitor } from '../kernel/debug/monitor.ts';
import { KernelTarget } from '../kernel/debug/target.ts';
import { Z_WRITE_WATCH, type StopReason } from '../kernel/arch/debug.ts';
import { bootSystem, imageName } from './boot.ts';
import { OutputBuffer, readInput, type CliIo, type Command } from './command.ts';
import { UsageError, type ParsedArgs } from './options.ts';
import { disassemble, imageSymbols } from './trace.ts';

/**
 * `czemu debug IMAGE...`: the built-in debugger. Boots the images as `czemu boot` does, stopped
 * before the first instruction, and reads commands line by line (a terminal or a pipe):
 *
 *   step [N]   next   continue   break SYMBOL|ADDR   delete [N]   watch ADDR|SYMBOL [LEN]
 *   unwatch [N]   regs   x ADDR [N]   disasm [ADDR] [N]   tasks   thread TID   vm TID
 *   pt TID VA   ipc   quit
 *
 * After every stop it prints where: `0x10000af0 <main>: e92d4010  push {r4, lr}`. A watchpoint
 * stops before the store (src/emulator/debug/watchpoints.ts); the debugger then steps that one
 * instruction, as gdb does, and prints the old and new values with the location after it.
 */

const HELP = [
  'step [N]           execute N instructions of the current thread (default 1)',
  'next               step, but run a called function (BL/BLX) to its return',
  'continue           run every thread until a breakpoint or the end',
  'break SYMBOL|ADDR  stop when the current thread\'s address space reaches it',
  'delete [N]         delete breakpoint N, or all',
  'watch ADDR|SYMBOL [LEN]  stop after a store to LEN bytes (default: the symbol\'s size, or 4)',
  'unwatch [N]        delete watchpoint N, or all',
  'regs               registers of the current thread',
  'x ADDR [N]         N words of memory (default 4)',
  'disasm [ADDR] [N]  N instructions from ADDR (default: 4 from pc)',
  'tasks | ipc        tasks and their states | who is blocked on whom',
  'thread TID         select the current thread',
  'vm TID | pt TID VA VM areas of a task | page-table walk for VA',
  'quit',
].join('\n');

/** One debugging session over a booted system; exec() answers one command line. */
export class Debugger {
  private readonly target: KernelTarget;
  private cur: number;
  private readonly bps: { n: number; addr: number; tid: number }[] = [];
  private nextBp = 1;
  private readonly wps: { n: number; addr: number; len: number; tid: number; label: string }[] = [];
  private nextWp = 1;
  done = false;
  status = 0;

  constructor(private readonly sys: ReturnType<typeof bootSystem>, private readonly syms: Symbols | undefined,
    private readonly flushGuest: () => void) {
    this.target = new KernelTarget(sys.kernel, sys.tids[0]);
    sys.kernel.hooks = combineHooks([this.target]);
    this.cur = this.target.currentStop().thread;
  }

  private h(v: number): string {
    return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
  }

  private sym(addr: number): string {
    const d = this.syms?.describe(addr);
    return d === undefined ? '' : ` <${d}>`;
  }

  private word(addr: number): number | undefined {
    const b = this.target.readMemory(this.cur, addr, 4);
    return b.length < 4 ? undefined : new DataView(b.buffer, b.byteOffset).getUint32(0, true);
  }

  /** `0x10000af0 <main>: e92d4010  push {r4, lr}` for the instruction at `addr`. */
  private insnLine(addr: number): string {
    const w = this.word(addr);
    const text = w === undefined ? '(not mapped yet)'
      : `${w.toString(16).padStart(8, '0')}  ${disassemble(w, addr, false, this.syms)}`;
    return `${this.h(addr)}${this.sym(addr)}: ${text}`;
  }

  /** Where the current thread is. */
  where(): string {
    const regs = this.target.registers(this.cur);
    if (regs === undefined) return `no thread ${this.cur}`;
    return `[${this.target.threadExtraInfo(this.cur)}] ${this.insnLine(regs[15]!)}`;
  }

  private address(s: string | undefined): number | undefined {
    if (s === undefined) return undefined;
    const n = parseNumber(s);
    if (n !== undefined) return n;
    const sym = this.syms?.byName(s);
    return sym === undefined ? undefined : (sym.value & ~1) >>> 0;
  }

  private stopped(stop: StopReason): string {
    if (stop.exited !== undefined) {
      this.done = true;
      this.status = stop.exited;
      return `program exited with status ${stop.exited}`;
    }
    this.cur = stop.thread;
    let why = '';
    if (stop.watch !== undefined) return this.watchStop(stop.thread, stop.watch.addr);
    if (stop.breakpoint !== undefined) {
      const pc = this.target.registers(stop.thread)?.[15] ?? 0;
      const bp = this.bps.find((b) => b.addr === pc);
      why = bp === undefined ? 'breakpoint\n' : `breakpoint ${bp.n}\n`;
    } else if (stop.signal === 17) why = 'deadlock: every remaining thread is blocked for good\n';
    return `${why}${this.where()}`;
  }

  /** LEN bytes at `addr` in `tid`'s space: a number for 1, 2 or 4 bytes, else hex bytes. */
  private value(tid: number, addr: number, len: number): string {
    const b = this.target.readMemory(tid, addr, Math.min(len, 16));
    if (b.length < Math.min(len, 16)) return '(unmapped)';
    if (len === 1 || len === 2 || len === 4) {
      let v = 0;
      for (let i = len - 1; i >= 0; i--) v = v * 256 + b[i]!;
      return `0x${v.toString(16).padStart(len * 2, '0')}`;
    }
    return Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 ') + (len > 16 ? ' ...' : '');
  }

  /**
   * A watchpoint stopped `tid` before its store to `addr`: step that instruction (the target
   * lets it through once) and report the old and new values where the thread is now.
   */
  private watchStop(tid: number, addr: number): string {
    const w = this.wps.find((x) => addr >= x.addr && addr < x.addr + x.len);
    const old = w === undefined ? '' : this.value(tid, w.addr, w.len);
    const stop = this.run('step');
    const head = w === undefined ? `watchpoint at ${this.h(addr)}` : `watchpoint ${w.n}: ${w.label}`;
    if (stop.exited !== undefined || w === undefined) return `${head}\n${this.stopped(stop)}`;
    return `${head}\nold value ${old}\nnew value ${this.value(tid, w.addr, w.len)}\n${this.stopped(stop)}`;
  }

  private run(mode: 'step' | 'continue'): StopReason {
    for (;;) {
      const stop = this.target.run(mode, this.cur, 1_000_000);
      this.flushGuest();
      if (stop !== undefined) return stop;
    }
  }

  /** Runs one command line; returns its output (no trailing newline), '' for none. */
  exec(line: string): string {
    const [cmd, ...a] = line.trim().split(/\s+/);
    if (cmd === undefined || cmd === '') return '';
    if (this.done && !['quit', 'q', 'help', 'tasks'].includes(cmd)) return 'the program has exited';
    switch (cmd) {
      case 'step': case 's': case 'stepi': case 'si': {
        const n = a[0] === undefined ? 1 : parseNumber(a[0]);
        if (n === undefined || n < 1) return 'usage: step [N]';
        let stop: StopReason | undefined;
        for (let i = 0; i < n; i++) {
          stop = this.run('step');
          if (stop.exited !== undefined || stop.watch !== undefined || stop.breakpoint !== undefined && i > 0) break;
        }
        return this.stopped(stop!);
      }
      case 'next': case 'n': {
        const pc = this.target.registers(this.cur)?.[15] ?? 0;
        const w = this.word(pc);
        const isCall = w !== undefined && ((w & 0x0f000000) === 0x0b000000 || (w >>> 25) === 0x7d);
        if (!isCall) return this.stopped(this.run('step'));
        const tid = this.cur;
        const had = this.target.breakpointsOf(tid).includes(pc + 4);
        this.target.insertPoint(0, pc + 4, 4, tid);
        let stop = this.run('step');
        while (stop.exited === undefined && !(stop.thread === tid && this.target.registers(tid)?.[15] === pc + 4)) {
          if (stop.watch !== undefined || (stop.breakpoint !== undefined && stop.thread !== tid)) break;
          stop = this.run('continue');
          if (stop.watch !== undefined) break;
          if (stop.breakpoint !== undefined && stop.thread === tid && this.target.registers(tid)?.[15] !== pc + 4) break;
        }
        if (!had && stop.exited === undefined) this.target.removePoint(0, pc + 4, 4, tid);
        return this.stopped(stop.breakpoint !== undefined && stop.thread === tid
          && this.target.registers(tid)?.[15] === pc + 4 ? { signal: 5, thread: tid } : stop);
      }
      case 'continue': case 'c':
        return this.stopped(this.run('continue'));
      case 'break': case 'b': {
        const addr = this.address(a[0]);
        if (addr === undefined) return a[0] === undefined ? 'usage: break SYMBOL|ADDR' : `no symbol '${a[0]}'`;
        if (!this.target.insertPoint(0, addr, 4, this.cur)) return 'cannot set a breakpoint: no current thread';
        const bp = { n: this.nextBp++, addr, tid: this.cur };
        this.bps.push(bp);
        return `breakpoint ${bp.n} at ${this.h(addr)}${this.sym(addr)}`;
      }
      case 'delete': case 'd': {
        const n = a[0] === undefined ? undefined : parseNumber(a[0]);
        const gone = this.bps.filter((b) => n === undefined || b.n === n);
        if (gone.length === 0) return n === undefined ? 'no breakpoints' : `no breakpoint ${a[0]}`;
        for (const b of gone) {
          this.target.removePoint(0, b.addr, 4, b.tid);
          this.bps.splice(this.bps.indexOf(b), 1);
        }
        return n === undefined ? 'deleted all breakpoints' : `deleted breakpoint ${n}`;
      }
      case 'watch': case 'w': {
        const addr = this.address(a[0]);
        if (addr === undefined) return a[0] === undefined ? 'usage: watch ADDR|SYMBOL [LEN]' : `no symbol '${a[0]}'`;
        const byName = parseNumber(a[0]) === undefined;
        const size = byName ? this.syms?.byName(a[0]!)?.size ?? 0 : 0;
        const len = a[1] === undefined ? (size > 0 ? size : 4) : parseNumber(a[1]);
        if (len === undefined || len < 1 || len > 0x100000) return 'usage: watch ADDR|SYMBOL [LEN]';
        if (!this.target.insertPoint(Z_WRITE_WATCH, addr, len, this.cur)) return 'cannot set a watchpoint: no current thread';
        const w = { n: this.nextWp++, addr, len, tid: this.cur, label: byName ? `${a[0]} (${this.h(addr)})` : this.h(addr) };
        this.wps.push(w);
        return `watchpoint ${w.n}: ${w.label}, ${len} byte${len === 1 ? '' : 's'}`;
      }
      case 'unwatch': {
        const n = a[0] === undefined ? undefined : parseNumber(a[0]);
        const gone = this.wps.filter((w) => n === undefined || w.n === n);
        if (gone.length === 0) return n === undefined ? 'no watchpoints' : `no watchpoint ${a[0]}`;
        for (const w of gone) {
          this.target.removePoint(Z_WRITE_WATCH, w.addr, w.len, w.tid);
          this.wps.splice(this.wps.indexOf(w), 1);
        }
        return n === undefined ? 'deleted all watchpoints' : `deleted watchpoint ${n}`;
      }
      case 'regs': case 'r': {
        const r = this.target.registers(this.cur);
        if (r === undefined) return `no thread ${this.cur}`;
        const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'cpsr'];
        const cells = names.map((nm, i) => `${nm.padStart(4)} ${this.h(r[i]!)}`);
        const rows: string[] = [];
        for (let i = 0; i < cells.length; i += 4) rows.push(cells.slice(i, i + 4).join('  '));
        return rows.join('\n');
      }
      case 'x': {
        const addr = this.address(a[0]);
        const n = a[1] === undefined ? 4 : parseNumber(a[1]);
        if (addr === undefined || n === undefined) return 'usage: x ADDR [N]';
        const rows: string[] = [];
        for (let i = 0; i < Math.min(n, 1024); i += 4) {
          const words: string[] = [];
          for (let j = i; j < Math.min(n, i + 4); j++) {
            const w = this.word(addr + j * 4);
            words.push(w === undefined ? '(unmapped)' : this.h(w));
          }
          rows.push(`${this.h(addr + i * 4)}: ${words.join(' ')}`);
        }
        return rows.join('\n');
      }
      case 'disasm': {
        const pc = this.target.registers(this.cur)?.[15] ?? 0;
        const addr = a[0] === undefined ? pc : this.address(a[0]);
        const n = a[1] === undefined ? 4 : parseNumber(a[1]);
        if (addr === undefined || n === undefined) return 'usage: disasm [ADDR] [N]';
        return Array.from({ length: Math.min(n, 256) }, (_, i) => this.insnLine(addr + i * 4)).join('\n');
      }
      case 'thread': case 't': {
        const tid = parseNumber(a[0]);
        if (tid === undefined) return 'usage: thread TID';
        if (!this.target.threadIds().includes(tid)) return `no thread ${tid}`;
        this.cur = tid;
        return this.where();
      }
      case 'tasks': case 'ipc': case 'vm': case 'pt':
        return runMonitor(this.sys.kernel, line);
      case 'help': case 'h': case '?':
        return HELP;
      case 'quit': case 'q':
        this.done = true;
        return '';
      default:
        return `unknown command '${cmd}' (try 'help')`;
    }
  }
}

/**
 * Runs a debugging session over `paths` with command lines from `input`, writing the transcript
 * (prompts, echoes of piped commands are not printed, answers, guest output) through `io`.
 * Resolves with the exit status: the program's when it ran to its end, else 0.
 */
export async function debugSession(paths: readonly string[], input: AsyncIterable<string>, io: CliIo): Promise<number> {
  const images = paths.map((p) => ({ name: imageName(p), bytes: readInput(io, p) }));
  const out = new OutputBuffer(io);
  const sys = bootSystem(images, out.put);
  const dbg = new Debugger(sys, imageSymbols(images[0]!.bytes), () => out.flush());
  const say = (s: string) => {
    out.flush();
    if (s !== '') io.stdout(`${s}\n`);
  };
  say(dbg.where());
  io.stdout('(czemu) ');
  for await (const line of input) {
    say(dbg.exec(line));
    if (/^\s*(quit|q)\s*$/.test(line)) break;
    io.stdout('(czemu) ');
  }
  out.flush();
  io.stdout('\n'); // the transcript ends with a newline after the last prompt
  return dbg.status & 0xff;
}

export const debugCommand: Command = {
  name: 'debug',
  args: 'IMAGE...',
  summary: 'boot user programs stopped at their first instruction under the built-in debugger',
  description: [
    'Boots like czemu boot and reads commands from stdin (a terminal or a pipe):\n' + HELP,
    'Exit status: the first image\'s exit status when it ran to its end, else 0.',
  ],
  options: [],
  run: async (args: ParsedArgs, io: CliIo) => {
    if (args.positional.length === 0) throw new UsageError("debug: missing IMAGE (see 'czemu debug --help')");
    const rl = createInterface({ input: process.stdin, terminal: false });
    try {
      return await debugSession(args.positional, rl, io);
    } finally {
      rl.close();
    }
  },
};

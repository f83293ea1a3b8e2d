import { encodePacket, fromHex, le32Hex, parseLe32Hex, RspDecoder, toHex } from './packet.ts';
import type { DebugTarget, StopReason } from './target.ts';
import { TARGET_XML } from './target-xml.ts';

/** Instructions run per slice while continuing, between checks for Ctrl-C. */
const SLICE = 200_000;

/**
 * One gdb connection: decodes packets, answers them from a DebugTarget, runs the target for
 * `c`/`s`/`vCont` in slices so an interrupt (0x03) is seen, and writes replies through `send`.
 * Malformed, unknown or oversized packets get the protocol's answers (NACK, empty reply, E
 * codes); nothing a client sends can throw out of feed().
 */
export class GdbSession {
  private readonly decoder = new RspDecoder();
  private noAck = false;
  /** Thread for register/memory packets (Hg) and for stepping (Hc). */
  private gThread = 0;
  private cThread = 0;
  private running = false;
  private interruptRequested = false;
  private closed = false;

  constructor(
    private readonly target: DebugTarget,
    private readonly send: (bytes: Uint8Array) => void,
    private readonly onEnd: () => void = () => {},
  ) {
    this.gThread = this.cThread = target.currentStop().thread;
  }

  /** Feeds bytes received from the client. */
  feed(data: Uint8Array): void {
    for (const ev of this.decoder.push(data)) {
      if (this.closed) return;
      switch (ev.kind) {
        case 'packet':
          if (!this.noAck) this.send(Uint8Array.of(0x2b));
          if (this.running) break; // only 0x03 is meaningful while the target runs
          this.dispatch(Buffer.from(ev.payload).toString('latin1'), ev.payload);
          break;
        case 'bad-checksum':
        case 'overflow':
          if (!this.noAck) this.send(Uint8Array.of(0x2d));
          break;
        case 'interrupt':
          if (this.running) this.interruptRequested = true;
          else this.reply(this.stopReply(this.target.currentStop(), 2));
          break;
        default:
          break;
      }
    }
  }

  /** True while a continue/step is in progress. */
  get isRunning(): boolean {
    return this.running;
  }

  private reply(payload: string): void {
    this.send(encodePacket(payload));
  }

  private dispatch(p: string, raw: Uint8Array): void {
    try {
      const a = this.answer(p, raw);
      if (a !== undefined) this.reply(a);
    } catch {
      this.reply('E01');
    }
  }

  /** The reply to packet `p`, or undefined when the reply comes later (run) or never. */
  private answer(p: string, raw: Uint8Array): string | undefined {
    const t = this.target;
    switch (p[0]) {
      case '?':
        return this.stopReply(t.currentStop());
      case 'g': {
        const regs = t.registers(this.gThread);
        return regs === undefined ? 'E01' : regs.map(le32Hex).join('');
      }
      case 'G': {
        const hex = p.slice(1);
        if (hex.length !== 17 * 8) return 'E01';
        for (let i = 0; i < 17; i++) {
          const v = parseLe32Hex(hex.slice(i * 8, i * 8 + 8));
          if (v === undefined || !t.setRegister(this.gThread, i, v)) return 'E01';
        }
        return 'OK';
      }
      case 'p': {
        const n = parseInt(p.slice(1), 16);
        const regs = t.registers(this.gThread);
        if (regs === undefined || !Number.isInteger(n)) return 'E01';
        if (n <= 15) return le32Hex(regs[n]!);
        if (n === 25 || n === 16) return le32Hex(regs[16]!);
        return 'E01';
      }
      case 'P': {
        const m = /^P([0-9a-fA-F]+)=([0-9a-fA-F]{8})$/.exec(p);
        if (m === null) return 'E01';
        let n = parseInt(m[1]!, 16);
        if (n === 25) n = 16;
        if (n > 16) return 'E01';
        return t.setRegister(this.gThread, n, parseLe32Hex(m[2]!)!) ? 'OK' : 'E01';
      }
      case 'm': {
        const m = /^m([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
        if (m === null) return 'E01';
        const len = Math.min(parseInt(m[2]!, 16), 0x1000);
        const data = t.readMemory(this.gThread, parseInt(m[1]!, 16) >>> 0, len);
        return data.length === 0 && len > 0 ? 'E14' : toHex(data);
      }
      case 'M': {
        const m = /^M([0-9a-fA-F]+),([0-9a-fA-F]+):([0-9a-fA-F]*)$/.exec(p);
        const data = m === null ? undefined : fromHex(m[3]!);
        if (m === null || data === undefined || data.length !== parseInt(m[2]!, 16)) return 'E01';
        return t.writeMemory(this.gThread, parseInt(m[1]!, 16) >>> 0, data) ? 'OK' : 'E14';
      }
      case 'X': {
        const colon = raw.indexOf(0x3a);
        const m = /^X([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p.slice(0, colon < 0 ? p.length : colon));
        if (m === null || colon < 0) return 'E01';
        const data = raw.subarray(colon + 1);
        if (data.length !== parseInt(m[2]!, 16)) return 'E01';
        return t.writeMemory(this.gThread, parseInt(m[1]!, 16) >>> 0, data) ? 'OK' : 'E14';
      }
      case 'Z':
      case 'z': {
        const m = /^[Zz]([0-4]),([0-9a-fA-F]+),([0-9a-fA-F]+)/.exec(p);
        if (m === null) return 'E01';
        const type = Number(m[1]);
        const addr = parseInt(m[2]!, 16) >>> 0;
        const kind = parseInt(m[3]!, 16);
        const ok = p[0] === 'Z' ? t.insertPoint(type, addr, kind, this.gThread)
          : t.removePoint(type, addr, kind, this.gThread);
        return ok ? 'OK' : 'E01';
      }
      case 'H': {
        const op = p[1];
        const id = parseThreadId(p.slice(2));
        if (id === undefined || (op !== 'g' && op !== 'c')) return 'E01';
        const resolved = id <= 0 ? (t.threadIds()[0] ?? 0) : id;
        if (id > 0 && !t.threadIds().includes(id)) return 'E01';
        if (op === 'g') this.gThread = resolved;
        else this.cThread = id === -1 ? -1 : resolved;
        return 'OK';
      }
      case 'T': {
        const id = parseThreadId(p.slice(1));
        return id !== undefined && t.threadIds().includes(id) ? 'OK' : 'E01';
      }
      case 'c':
        return this.startRun('continue', this.cThread);
      case 's':
        return this.startRun('step', this.cThread > 0 ? this.cThread : this.gThread);
      case 'D':
        // The reply goes out before the session ends: onEnd closes the connection.
        this.reply('OK');
        this.end();
        return undefined;
      case 'k':
        t.kill();
        this.end();
        return undefined;
      case 'q':
        return this.query(p);
      case 'Q':
        if (p === 'QStartNoAckMode') {
          this.reply('OK');
          this.noAck = true;
          return undefined;
        }
        return '';
      case 'v':
        return this.vPacket(p);
      default:
        return '';
    }
  }

  private query(p: string): string {
    const t = this.target;
    if (p.startsWith('qSupported')) {
      return 'PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+;swbreak+;hwbreak+';
    }
    if (p.startsWith('qXfer:features:read:')) {
      const m = /^qXfer:features:read:([^:]+):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
      if (m === null) return 'E01';
      if (m[1] !== 'target.xml') return 'E00';
      const off = parseInt(m[2]!, 16);
      const len = parseInt(m[3]!, 16);
      const chunk = TARGET_XML.slice(off, off + len);
      return (off + len >= TARGET_XML.length ? 'l' : 'm') + chunk;
    }
    if (p === 'qfThreadInfo') {
      return 'm' + t.threadIds().map((id) => id.toString(16)).join(',');
    }
    if (p === 'qsThreadInfo') return 'l';
    if (p === 'qC') return `QC${this.gThread.toString(16)}`;
    if (p === 'qAttached') return '1';
    if (p.startsWith('qThreadExtraInfo,')) {
      const id = parseThreadId(p.slice('qThreadExtraInfo,'.length));
      if (id === undefined) return 'E01';
      return toHex(Buffer.from(t.threadExtraInfo(id)));
    }
    if (p.startsWith('qRcmd,')) {
      const cmd = fromHex(p.slice(6));
      if (cmd === undefined) return 'E01';
      const text = t.monitor(Buffer.from(cmd).toString());
      if (text.length > 0) this.reply('O' + toHex(Buffer.from(text.endsWith('\n') ? text : text + '\n')));
      return 'OK';
    }
    if (p === 'qSymbol::') return 'OK';
    return '';
  }

  private vPacket(p: string): string | undefined {
    if (p === 'vCont?') return 'vCont;c;C;s;S';
    if (p.startsWith('vCont;')) {
      // Use the first action; a thread-specific step wins over a default continue.
      const actions = p.slice(6).split(';').map((a) => {
        const [act, th] = a.split(':');
        return { act: act![0], thread: th === undefined ? undefined : parseThreadId(th) };
      });
      const step = actions.find((a) => a.act === 's' || a.act === 'S');
      if (step !== undefined) {
        const tid = step.thread !== undefined && step.thread > 0 ? step.thread : this.gThread;
        return this.startRun('step', tid);
      }
      if (actions.some((a) => a.act === 'c' || a.act === 'C')) return this.startRun('continue', -1);
      return 'E01';
    }
    if (p === 'vMustReplyEmpty') return '';
    if (p.startsWith('vKill')) {
      this.target.kill();
      this.reply('OK');
      this.end();
      return undefined;
    }
    return '';
  }

  /** Starts execution; the stop reply is sent when the target stops. */
  private startRun(mode: 'step' | 'continue', tid: number): undefined {
    this.running = true;
    this.interruptRequested = false;
    const slice = () => {
      if (this.closed) return;
      let stop: StopReason | undefined;
      if (this.interruptRequested) {
        stop = { ...this.target.currentStop(), signal: 2 };
      } else {
        stop = this.target.run(mode, tid > 0 ? tid : this.gThread, mode === 'step' ? 1 : SLICE);
        if (stop === undefined && mode === 'step') stop = this.target.currentStop();
      }
      if (stop === undefined) {
        setImmediate(slice);
        return;
      }
      this.running = false;
      if (stop.exited === undefined) this.gThread = this.cThread = stop.thread;
      this.reply(this.stopReply(stop));
    };
    setImmediate(slice);
    return undefined;
  }

  private stopReply(stop: StopReason, signal = stop.signal): string {
    if (stop.exited !== undefined) return `W${(stop.exited & 0xff).toString(16).padStart(2, '0')}`;
    let s = `T${signal.toString(16).padStart(2, '0')}thread:${stop.thread.toString(16)};`;
    if (stop.watch !== undefined) s += `${stop.watch.kind}:${(stop.watch.addr >>> 0).toString(16)};`;
    else if (stop.breakpoint !== undefined) s += `${stop.breakpoint}:;`;
    return s;
  }

  /** Ends the session after its last reply was sent; later packets are ignored. */
  private end(): void {
    this.closed = true;
    this.onEnd();
  }
}

/** Parses a thread id of H/T/vCont packets: hex, `-1` (all) or `0` (any); undefined if invalid. */
export function parseThreadId(s: string): number | undefined {
  if (s === '-1') return -1;
  if (!/^[0-9a-fA-F]+$/.test(s)) return undefined;
  return parseInt(s, 16);
}

import { describe, expect, it } from 'vitest';
import { encodePacket, RspDecoder } from '../../src/emulator/debug/gdb/packet.ts';
import { GdbSession } from '../../src/emulator/debug/gdb/session.ts';
import type { DebugTarget, StopReason } from '../../src/emulator/debug/gdb/target.ts';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Resolves once `ready()` holds (the session runs in setImmediate slices), or fails after 5 s. */
async function until(ready: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!ready()) {
    if (Date.now() > end) throw new Error('timed out waiting for the session');
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A two-thread fake target with 64 KB of memory at 0x10000000. */
function fakeTarget() {
  const mem = new Uint8Array(0x10000);
  const regs = new Map<number, number[]>([[2, Array.from({ length: 17 }, (_, i) => i * 0x11)], [3, new Array(17).fill(0)]]);
  const points: string[] = [];
  let steps = 0;
  const target: DebugTarget = {
    threadIds: () => [...regs.keys()],
    threadExtraInfo: (tid) => `task ${tid} (fake) ready`,
    registers: (tid) => regs.get(tid),
    setRegister: (tid, n, v) => {
      const r = regs.get(tid);
      if (r === undefined) return false;
      r[n] = v;
      return true;
    },
    readMemory: (_tid, addr, len) => {
      const off = addr - 0x10000000;
      if (off < 0 || off >= mem.length) return Uint8Array.of();
      return mem.slice(off, Math.min(mem.length, off + len));
    },
    writeMemory: (_tid, addr, data) => {
      const off = addr - 0x10000000;
      if (off < 0 || off + data.length > mem.length) return false;
      mem.set(data, off);
      return true;
    },
    insertPoint: (type, addr) => (points.push(`${type}@${addr.toString(16)}`), true),
    removePoint: (type, addr) => points.includes(`${type}@${addr.toString(16)}`),
    run: (mode, tid): StopReason | undefined => {
      steps++;
      if (mode === 'step') return { signal: 5, thread: tid };
      return steps > 3 ? { signal: 5, thread: 3, breakpoint: 'swbreak' } : undefined;
    },
    currentStop: () => ({ signal: 5, thread: 2 }),
    monitor: (cmd) => `you said ${cmd}`,
    kill: () => {},
  };
  return { target, mem, points };
}

/** Drives a session: send packets, collect decoded reply payloads. */
function connect() {
  const f = fakeTarget();
  const replies: string[] = [];
  const dec = new RspDecoder();
  const session = new GdbSession(f.target, (b) => {
    for (const ev of dec.push(b)) if (ev.kind === 'packet') replies.push(text(ev.payload));
  });
  const ask = (p: string) => {
    replies.length = 0;
    session.feed(encodePacket(p));
    return replies.at(-1);
  };
  return { ...f, session, replies, ask };
}

describe('RSP framing', () => {
  it('encodes with checksums and escapes, decodes RLE and escapes', () => {
    expect(text(encodePacket('OK'))).toBe('$OK#9a');
    expect(text(encodePacket('a#b'))).toBe('$a}\x03b#43');
    const d = new RspDecoder();
    expect(d.push(Buffer.from('+$m0,4#fd-\x03'))).toEqual([
      { kind: 'ack' }, { kind: 'packet', payload: Uint8Array.from(Buffer.from('m0,4')) }, { kind: 'nack' }, { kind: 'interrupt' },
    ]);
    // "0* " is '0' repeated 3 more times (' ' = 32 = 29 + 3)
    const ev = d.push(encodePacket('0* '));
    expect(ev[0]!.kind === 'packet' && text(ev[0]!.payload)).toBe('0000');
    expect(d.push(Buffer.from('$OK#00'))).toEqual([{ kind: 'bad-checksum' }]);
    expect(d.push(Buffer.from('$OK#zz'))).toEqual([{ kind: 'bad-checksum' }]);
    expect(d.push(Buffer.concat([Buffer.from('$'), Buffer.alloc(0x5000, 0x41), Buffer.from('#00')]))).toEqual([{ kind: 'overflow' }]);
  });
});

describe('gdb session', () => {
  it('answers the packets gdb sends on connect', () => {
    const s = connect();
    expect(s.ask('qSupported:multiprocess+;swbreak+')).toContain('qXfer:features:read+');
    expect(s.ask('qXfer:features:read:target.xml:0,fff')).toMatch(/^l<\?xml.*org\.gnu\.gdb\.arm\.core/s);
    expect(s.ask('qXfer:features:read:other.xml:0,fff')).toBe('E00');
    expect(s.ask('?')).toBe('T05thread:2;');
    expect(s.ask('g')).toHaveLength(17 * 8);
    expect(s.ask('g')!.slice(8, 16)).toBe('11000000');
    expect(s.ask('p19')).toBe(Buffer.from([0x10, 0x01, 0, 0]).toString('hex')); // cpsr = 16 * 0x11
    expect(s.ask('qfThreadInfo')).toBe('m2,3');
    expect(s.ask('qsThreadInfo')).toBe('l');
    expect(Buffer.from(s.ask('qThreadExtraInfo,3')!, 'hex').toString()).toBe('task 3 (fake) ready');
    expect(s.ask('Hg3')).toBe('OK');
    expect(s.ask('g')).toBe('0'.repeat(136));
    expect(s.ask('Hg9')).toBe('E01');
    expect(s.ask('T2')).toBe('OK');
    expect(s.ask('T9')).toBe('E01');
    expect(s.ask('qC')).toBe('QC3');
  });

  it('reads and writes memory and registers, rejects malformed packets', () => {
    const s = connect();
    expect(s.ask('M10000000,4:deadbeef')).toBe('OK');
    expect(s.ask('m10000000,4')).toBe('deadbeef');
    expect(s.ask('m0,4')).toBe('E14');
    expect(s.ask('M10000000,4:dead')).toBe('E01');
    const x = Buffer.concat([Buffer.from('X10000004,2:'), Buffer.from([0x23, 0x7d])]);
    expect(s.ask(x.toString('latin1'))).toBe('OK');
    expect(s.mem[4]).toBe(0x23);
    expect(s.mem[5]).toBe(0x7d);
    expect(s.ask('P0=78563412')).toBe('OK');
    expect(s.ask('p0')).toBe('78563412');
    expect(s.ask('P1=zz')).toBe('E01');
    expect(s.ask('Z0,10000000,4')).toBe('OK');
    expect(s.points).toEqual(['0@10000000']);
    expect(s.ask('Z9,0,0')).toBe('E01');
    expect(s.ask('qUnknownThing')).toBe('');
    expect(s.ask('!')).toBe('');
    expect(s.ask('vMustReplyEmpty')).toBe('');
  });

  it('runs monitor commands and continues until a stop', async () => {
    const s = connect();
    s.replies.length = 0;
    s.session.feed(encodePacket('qRcmd,' + Buffer.from('tasks').toString('hex')));
    expect(s.replies.map((r) => (r.startsWith('O') && r !== 'OK' ? Buffer.from(r.slice(1), 'hex').toString() : r))).toEqual(['you said tasks\n', 'OK']);
    expect(s.ask('vCont?')).toBe('vCont;c;C;s;S');
    s.replies.length = 0;
    s.session.feed(encodePacket('c'));
    expect(s.session.isRunning).toBe(true);
    await until(() => !s.session.isRunning);
    expect(s.replies).toEqual(['T05thread:3;swbreak:;']);
    s.replies.length = 0;
    s.session.feed(encodePacket('vCont;s:2;c'));
    await until(() => !s.session.isRunning);
    expect(s.replies).toEqual(['T05thread:2;']);
  });

  it('sends the reply to D (and vKill) before the session ends, then ignores further packets', () => {
    for (const [packet, reply] of [['D', 'OK'], ['vKill;1', 'OK']] as const) {
      const f = fakeTarget();
      const log: string[] = [];
      const dec = new RspDecoder();
      const session = new GdbSession(f.target, (b) => {
        for (const ev of dec.push(b)) if (ev.kind === 'packet') log.push(`reply ${text(ev.payload)}`);
      }, () => log.push('end'));
      session.feed(encodePacket(packet));
      session.feed(encodePacket('g'));
      expect(log).toEqual([`reply ${reply}`, 'end']);
    }
  });

  it('honours Ctrl-C while running', async () => {
    const f = fakeTarget();
    f.target.run = () => undefined; // never stops by itself
    const replies: string[] = [];
    const dec = new RspDecoder();
    const session = new GdbSession(f.target, (b) => {
      for (const ev of dec.push(b)) if (ev.kind === 'packet') replies.push(text(ev.payload));
    });
    session.feed(encodePacket('c'));
    await new Promise((r) => setTimeout(r, 5));
    expect(session.isRunning).toBe(true);
    session.feed(Uint8Array.of(3));
    await until(() => !session.isRunning);
    expect(replies).toEqual(['T02thread:2;']);
  });
});

import { describe, expect, it } from 'vitest';
import { BLOCKED } from '../../src/kernel/syscall/table.ts';
import { suspendThread } from '../../src/kernel/thread/control.ts';
import { newKernel, newThread, sys } from './helpers.ts';

const IPC = 0;
const ANY = -2, NIL = -1;
const setMrs = (t: { ctx: Int32Array }, mrs: number[]) => t.ctx.set(mrs, 3);
const mrs = (t: { ctx: Int32Array }) => Array.from(t.ctx.subarray(3, 9));

describe('ipc rendezvous between fake threads', () => {
  it('send blocks until the receiver arrives, then copies r3-r8', () => {
    const { k } = newKernel();
    const a = newThread(k);
    const b = newThread(k);
    setMrs(a, [7, 1, 2, 3, 4, 5]);
    expect(sys(k, a, IPC, b.tid, NIL)).toBe(BLOCKED);
    expect(a.state).toBe('send');
    expect(b.sendQueue).toEqual([a]);
    expect(sys(k, b, IPC, NIL, a.tid)).toBe(0);
    expect(mrs(b)).toEqual([7, 1, 2, 3, 4, 5]);
    expect(a.state).toBe('runnable');
    expect(a.ctx[0]).toBe(0);
  });

  it('an ANYTHREAD receiver gets MR1 forced to the sender', () => {
    const { k } = newKernel();
    const a = newThread(k);
    const b = newThread(k);
    expect(sys(k, b, IPC, NIL, ANY)).toBe(BLOCKED);
    setMrs(a, [9, 1234, 0, 0, 0, 0]);
    expect(sys(k, a, IPC, b.tid, NIL)).toBe(0);
    expect(b.state).toBe('runnable');
    expect(mrs(b)[1]).toBe(a.tid);
    expect(b.ctx[0]).toBe(0);
  });

  it('sendrecv: the send phase then the receive phase from the same peer', () => {
    const { k } = newKernel();
    const client = newThread(k);
    const server = newThread(k);
    expect(sys(k, server, IPC, NIL, ANY)).toBe(BLOCKED);
    setMrs(client, [5, 0, 11, 0, 0, 0]);
    expect(sys(k, client, IPC, server.tid, server.tid)).toBe(BLOCKED);
    expect(client.state).toBe('recv');
    setMrs(server, [42, client.tid, 0, 0, 0, 0]);
    expect(sys(k, server, IPC, client.tid, NIL)).toBe(0);
    expect(client.state).toBe('runnable');
    expect(mrs(client)[0]).toBe(42);
  });

  it('argument errors: -EINVAL, -ENOSYS, -ESRCH', () => {
    const { k } = newKernel();
    const a = newThread(k);
    const b = newThread(k);
    expect(sys(k, a, IPC, NIL, NIL)).toBe(-22);
    expect(sys(k, a, IPC, a.tid, NIL)).toBe(-22);
    expect(sys(k, a, IPC, -3, NIL)).toBe(-22);
    expect(sys(k, a, IPC, ANY, NIL)).toBe(-22);
    expect(sys(k, a, IPC, b.tid, 77)).toBe(-38);
    expect(sys(k, a, IPC, 77, NIL)).toBe(-3);
    expect(sys(k, a, IPC, NIL, 77)).toBe(-3);
  });

  it('suspend interrupts a blocked ipc with -EINTR; destroy wakes partners with -ESRCH', () => {
    const { k } = newKernel();
    const a = newThread(k);
    const b = newThread(k);
    const c = newThread(k);
    expect(sys(k, a, IPC, NIL, b.tid)).toBe(BLOCKED);
    expect(suspendThread(k, undefined, a.tid)).toBe(0);
    expect(a.state).toBe('inactive');
    expect(a.ctx[0]).toBe(-4);
    expect(sys(k, c, IPC, b.tid, NIL)).toBe(BLOCKED);
    k.destroyThread(b, 0);
    expect(c.state).toBe('runnable');
    expect(c.ctx[0]).toBe(-3);
    expect(k.thread(b.tid)).toBeUndefined();
  });

  it('a run with every thread blocked reports a deadlock naming whom each waits for', () => {
    const { k } = newKernel();
    const a = newThread(k, false);
    const b = newThread(k, false);
    k.current = undefined;
    expect(sys(k, a, IPC, NIL, b.tid)).toBe(BLOCKED);
    expect(sys(k, b, IPC, NIL, a.tid)).toBe(BLOCKED);
    k.current = undefined;
    const r = k.run(1000);
    expect(r).toEqual({
      kind: 'deadlock',
      threads: [`task ${a.tid} (${a.name}): blocked receiving from tid ${b.tid}`,
        `task ${b.tid} (${b.name}): blocked receiving from tid ${a.tid}`],
    });
  });
});

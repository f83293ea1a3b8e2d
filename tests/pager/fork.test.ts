import { describe, expect, it } from 'vitest';
import * as P from '../../src/pager/protocol.ts';
import { harness, words } from './harness.ts';

/** fork, copy-on-write, shadow collapse (scenario 24), exit, wait, clone, --max-tasks. */
const STACK = 0x1fffc000;

describe('fork and copy-on-write', () => {
  it('parent and child write the same pages and each sees only its own data', () => {
    const h = harness();
    const before = h.pager.counters();
    const [p] = h.tids as [number];
    expect(h.write(p, STACK, words(0x1111))).toBe(true);
    expect(h.write(p, STACK + 0x1000, words(0x2222))).toBe(true);
    const c = h.ret(p, P.L4_IPC_TAG_FORK);
    expect(c).toBeGreaterThan(p);
    h.pager.assertIntegrity();
    expect(h.word(c, STACK)).toBe(0x1111);
    expect(h.write(c, STACK, words(0xc0c0))).toBe(true);
    expect(h.word(p, STACK)).toBe(0x1111);
    expect(h.write(p, STACK, words(0xf0f0))).toBe(true);
    expect(h.word(c, STACK)).toBe(0xc0c0);
    expect(h.word(p, STACK)).toBe(0xf0f0);
    expect(h.word(c, STACK + 0x1000)).toBe(0x2222);
    expect(h.k.thread(c)!.ctx[3]).toBe(0); // MR0 = 0 in the child
    h.pager.assertIntegrity();
    // The parent's utcb page is not mapped in the child; its own is.
    expect(h.k.thread(c)!.space!.pte(h.pager.tasks.get(p)!.utcb)).toBe(0);
    expect(h.pager.tasks.get(c)!.utcb).toBe(0xf8003000);

    // Scenario 24: the child exits; the parent's chain collapses to one writable shadow.
    h.call(c, P.L4_IPC_TAG_EXIT, 0);
    h.pager.assertIntegrity();
    const v = h.pager.tasks.get(p)!.space.find(STACK)!;
    expect(v.chain.map((o) => o.kind)).toEqual(['shadow', 'devzero']);
    expect(v.chain[0]!.writable).toBe(true);
    expect(v.chain[0]!.pages.size).toBe(2);
    expect(h.pager.stats.merges + h.pager.stats.collapses).toBeGreaterThan(0);
    // Exiting the parent too gives back everything but the boot state.
    h.call(p, P.L4_IPC_TAG_EXIT, 0);
    h.pager.assertIntegrity();
    const after = h.pager.counters();
    expect(after.tasks).toBe(0);
    expect(after.shadows).toBe(0);
    expect(after.frames).toBe(1); // the zero page
    expect(before.tasks).toBe(1);
  });

  it('exiting the parent merges the frozen shadow into the child front shadow', () => {
    const h = harness();
    const [p] = h.tids as [number];
    h.write(p, STACK, words(1));
    const c = h.ret(p, P.L4_IPC_TAG_FORK);
    h.write(c, STACK, words(2));
    h.write(p, STACK, words(3));
    h.call(p, P.L4_IPC_TAG_EXIT, 0);
    h.pager.assertIntegrity();
    const v = h.pager.tasks.get(c)!.space.find(STACK)!;
    expect(v.chain.map((o) => o.kind)).toEqual(['shadow', 'devzero']);
    expect(h.word(c, STACK)).toBe(2);
    h.call(c, P.L4_IPC_TAG_EXIT, 0);
    expect(h.pager.counters().frames).toBe(1);
  });

  it('a fork chain of 16 processes (forktest) leaves no shadows behind', () => {
    const h = harness();
    const [p] = h.tids as [number];
    h.write(p, STACK, words(7));
    let gen = [p];
    for (let i = 0; i < 4; i++) {
      const next: number[] = [];
      for (const t of gen) next.push(t, h.ret(t, P.L4_IPC_TAG_FORK));
      gen = next;
    }
    expect(gen.length).toBe(16);
    for (const t of gen) h.write(t, STACK, words(t));
    for (const t of gen) expect(h.word(t, STACK)).toBe(t);
    h.pager.assertIntegrity();
    for (const t of gen.slice(1)) h.call(t, P.L4_IPC_TAG_EXIT, 0);
    h.pager.assertIntegrity();
    const v = h.pager.tasks.get(p)!.space.find(STACK)!;
    expect(v.chain.length).toBe(2);
    expect(h.pager.counters().shadows).toBeLessThanOrEqual(2);
    h.call(p, P.L4_IPC_TAG_EXIT, 0);
    expect(h.pager.counters()).toMatchObject({ frames: 1, shadows: 0, tasks: 0, segments: 0, utcbs: 2 });
  });

  it('--max-tasks: fork beyond the limit gets -EAGAIN', () => {
    const h = harness(['hello'], { maxTasks: 3 });
    const [p] = h.tids as [number];
    expect(h.ret(p, P.L4_IPC_TAG_FORK)).toBeGreaterThan(0);
    expect(h.ret(p, P.L4_IPC_TAG_FORK)).toBeGreaterThan(0);
    expect(h.ret(p, P.L4_IPC_TAG_FORK)).toBe(-11);
    h.pager.assertIntegrity();
  });
});

describe('wait and exit status', () => {
  it('a parent blocks in WAIT and gets the child tid and status word; WNOHANG; -ECHILD', () => {
    const h = harness();
    const [p] = h.tids as [number];
    expect(h.ret(p, P.L4_IPC_TAG_WAIT, -1, 0)).toBe(-10);
    const c = h.ret(p, P.L4_IPC_TAG_FORK);
    expect(h.ret(p, P.L4_IPC_TAG_WAIT, -1, P.WNOHANG)).toBe(0);
    expect(h.ret(p, P.L4_IPC_TAG_WAIT, -1, 8)).toBe(-22);
    const pt = h.k.thread(p)!;
    pt.state = 'recv';
    pt.ipcFrom = 0;
    expect(h.call(p, P.L4_IPC_TAG_WAIT, c, 0)).toBeUndefined(); // deferred
    h.call(c, P.L4_IPC_TAG_EXIT, 42);
    expect(pt.ctx[3]).toBe(c);
    expect(pt.ctx[5]).toBe(42 << 8);
    expect(h.ret(p, P.L4_IPC_TAG_WAIT, c, 0)).toBe(-10);
    // A child that exits first is a zombie until waited for.
    const c2 = h.ret(p, P.L4_IPC_TAG_FORK);
    h.call(c2, P.L4_IPC_TAG_EXIT, 3);
    const r = h.call(p, P.L4_IPC_TAG_WAIT, -1, 0)!;
    expect([r[0], r[2]]).toEqual([c2, 3 << 8]);
    // Orphans are reaped: the child of an exited parent leaves no zombie behind.
    const c3 = h.ret(p, P.L4_IPC_TAG_FORK);
    const g = h.ret(c3, P.L4_IPC_TAG_FORK);
    h.call(c3, P.L4_IPC_TAG_EXIT, 0);
    h.call(g, P.L4_IPC_TAG_EXIT, 0);
    const proc = h.pager.tasks.get(p)!.process;
    expect(proc.zombies.has(c3)).toBe(true);
    h.pager.assertIntegrity();
  });
});

describe('clone', () => {
  it('shares the space, sets sp, gets its own utcb; NULL stack -EINVAL; space lives until the last thread', () => {
    const h = harness();
    const [p] = h.tids as [number];
    expect(h.ret(p, P.L4_IPC_TAG_CLONE, 0, P.CLONE_VM)).toBe(-22);
    const flags = P.CLONE_VM | P.CLONE_FS | P.CLONE_THREAD | 0x800 | 0x8000;
    const t = h.ret(p, P.L4_IPC_TAG_CLONE, STACK + 0x1000, flags);
    expect(t).toBeGreaterThan(p);
    const tt = h.k.thread(t)!;
    expect(tt.ctx[13]).toBe(STACK + 0x1000);
    expect(tt.ctx[3]).toBe(0);
    expect(tt.space).toBe(h.k.thread(p)!.space);
    expect(h.pager.tasks.get(t)!.utcb).not.toBe(h.pager.tasks.get(p)!.utcb);
    h.write(t, STACK, words(25));
    expect(h.word(p, STACK)).toBe(25);
    h.call(p, P.L4_IPC_TAG_EXIT, 0);
    expect(h.word(t, STACK)).toBe(25);
    h.pager.assertIntegrity();
    h.call(t, P.L4_IPC_TAG_EXIT, 0);
    expect(h.pager.counters()).toMatchObject({ frames: 1, tasks: 0 });
  });

  it('clone without CLONE_VM is a real copy (A12)', () => {
    const h = harness();
    const [p] = h.tids as [number];
    h.write(p, STACK, words(1));
    const t = h.ret(p, P.L4_IPC_TAG_CLONE, STACK + 0x1000, 0);
    h.write(t, STACK, words(2));
    expect(h.word(p, STACK)).toBe(1);
    h.pager.assertIntegrity();
  });
});

describe('integrity checker', () => {
  it('reports a broken link count, a stale shadower and a leaked frame', () => {
    const h = harness();
    const [p] = h.tids as [number];
    h.write(p, STACK, words(1));
    h.ret(p, P.L4_IPC_TAG_FORK);
    h.pager.assertIntegrity();
    const v = h.pager.tasks.get(p)!.space.find(STACK)!;
    const s = v.chain[0]!;
    s.links.delete(v);
    h.pager.frames.alloc();
    expect(() => h.pager.assertIntegrity()).toThrow(/links|frames in use/);
    s.links.add(v);
    expect(() => h.pager.assertIntegrity()).toThrow(/frames in use/);
  });
});

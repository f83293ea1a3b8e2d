/**
 * The pager's hot paths in host time (`npm run bench -- --pager`): fork of a process with 1,000
 * resident private pages (freeze + page-table copy + area copy), a copy-on-write fault, and a
 * zero-fill fault. The pager is driven directly through its HostedService interface on a real
 * kernel (no guest instructions run), so the figures are the pager's and the kernel port's cost.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseElf, PF_W } from '../src/emulator/loader/elf.ts';
import { loadBootImages, setupFixedMappings } from '../src/kernel/boot/boot.ts';
import { Kernel } from '../src/kernel/kernel.ts';
import { makePort } from '../src/kernel/port.ts';
import * as P from '../src/pager/protocol.ts';
import { Pager } from '../src/pager/server.ts';

const PAGES = 1000;
const BASE = 0x10100000;

/** A pager with one boot task (images/user/hello.elf, not run) and its tid. */
function setup(): { k: Kernel; pager: Pager; tid: number } {
  const k = new Kernel({ out: () => {} });
  setupFixedMappings(k);
  const elf = parseElf(new Uint8Array(readFileSync(resolve(import.meta.dirname, '../images/user/hello.elf'))));
  loadBootImages(k, [{
    name: 'hello', entry: elf.entry,
    segments: elf.segments.map((s) => ({ vaddr: s.vaddr >>> 0, data: s.data, memsz: s.memsz, writable: (s.flags & PF_W) !== 0 })),
  }]);
  const pager = new Pager(makePort(k, 0));
  k.addService(pager);
  k.addService({ tid: 1, name: 'fs0', handle: () => ({ kind: 'none' }) });
  const [tid] = pager.startBootTasks();
  return { k, pager, tid: tid! };
}

/** Sends an IPC request. */
function ipc(pager: Pager, tid: number, tag: number, ...args: number[]): number {
  const mrs = new Int32Array(6);
  mrs[0] = tag;
  mrs[1] = tid;
  args.forEach((a, i) => { mrs[2 + i] = a; });
  const r = pager.handle({ kind: 'ipc', sender: tid, mrs, wantsReply: true });
  return r.kind === 'reply' ? r.mrs[0]! : 0;
}

/** Delivers the fault a store (write) or load at `va` would raise, with the current pte. */
function fault(k: Kernel, pager: Pager, tid: number, va: number, write: boolean): void {
  const pte = k.thread(tid)!.space!.pte(va);
  const fsr = pte === 0 ? 0x7 : 0xf;
  if (write && pte === 0) throw new Error('a store to an unmapped page faults as a read first');
  const r = pager.handle({ kind: 'fault', sender: tid, mrs: Int32Array.of(0, tid, 0x10000000, fsr, va, pte), wantsReply: true });
  if (r.kind !== 'reply' || r.mrs[0] !== 0) throw new Error(`fault at 0x${va.toString(16)} failed`);
}

/** Maps PAGES anonymous private pages at BASE (MAP_FIXED) in `tid`. */
function mapAnon(k: Kernel, pager: Pager, tid: number): void {
  const args = Int32Array.of(BASE, PAGES * 4096, P.PROT_READ | P.PROT_WRITE, P.MAP_PRIVATE | P.MAP_ANONYMOUS | P.MAP_FIXED, -1, 0);
  const block = 0x1fffd000;
  if (k.thread(tid)!.space!.pte(block) === 0) fault(k, pager, tid, block, false);
  if ((k.thread(tid)!.space!.pte(block) & 0xff0) !== 0xff0) fault(k, pager, tid, block, true);
  makePort(k, 0).userMemory(tid).write(block, new Uint8Array(args.buffer));
  if (ipc(pager, tid, P.L4_IPC_TAG_MMAP, block) !== BASE) throw new Error('mmap failed');
}

/** Figures in microseconds. */
interface PagerFigures {
  forkUs: number;
  cowUs: number;
  zeroWriteUs: number;
  zeroReadUs: number;
}

/** The benchmark's report lines: one untimed warm-up pass (the JIT), then the measured one. */
export function pagerBenchLines(repeats: number): string[] {
  measure(repeats);
  const f = measure(repeats);
  const rounds = Math.max(repeats, 3);
  return [
    `pager (host time, best of ${rounds} after a warm-up pass; targets in brackets)`,
    `  fork, ${PAGES} resident private pages      ${(f.forkUs / 1000).toFixed(3)} ms   [<= 1 ms]`,
    `  copy-on-write fault                     ${f.cowUs.toFixed(2)} us   [<= 5 us]`,
    `  zero-fill fault (a store's write fault) ${f.zeroWriteUs.toFixed(2)} us   [<= 3 us]`,
    `  zero-page read fault (its first fault)  ${f.zeroReadUs.toFixed(2)} us`,
  ];
}

/** One pass over the three measurements. */
function measure(repeats: number): PagerFigures {
  const { k, pager, tid } = setup();
  mapAnon(k, pager, tid);
  // Recycled frames: touch every page once and unmap them, so the timed faults reuse frames the
  // host has already backed (the first touch of a host page costs an OS page fault, not ours).
  for (let i = 0; i < PAGES; i++) {
    fault(k, pager, tid, BASE + i * 4096, false);
    fault(k, pager, tid, BASE + i * 4096, true);
  }
  if (ipc(pager, tid, P.L4_IPC_TAG_MUNMAP, BASE, PAGES * 4096) !== 0) throw new Error('munmap failed');
  mapAnon(k, pager, tid);
  // Zero-fill: a store to a fresh page faults twice; the read fault maps the zero page, the
  // write fault allocates a zeroed frame into the area's shadow. Timed as batches of 100 pages.
  const zero = { read: Infinity, write: Infinity };
  for (let r = 0; r < PAGES / 100; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) fault(k, pager, tid, BASE + (r * 100 + i) * 4096, false);
    const t1 = performance.now();
    for (let i = 0; i < 100; i++) fault(k, pager, tid, BASE + (r * 100 + i) * 4096, true);
    const t2 = performance.now();
    zero.read = Math.min(zero.read, ((t1 - t0) * 1000) / 100);
    zero.write = Math.min(zero.write, ((t2 - t1) * 1000) / 100);
  }
  for (let i = 0; i < PAGES; i++) {
    const va = BASE + i * 4096;
    if (k.thread(tid)!.space!.pte(va) === 0) fault(k, pager, tid, va, false);
    if ((k.thread(tid)!.space!.pte(va) & 0xff0) !== 0xff0) fault(k, pager, tid, va, true);
  }
  // fork with 1,000 resident private pages; COW: the parent's first store to each frozen page.
  let forkUs = Infinity;
  let cowUs = Infinity;
  for (let r = 0; r < Math.max(repeats, 3); r++) {
    const t0 = performance.now();
    const child = ipc(pager, tid, P.L4_IPC_TAG_FORK);
    forkUs = Math.min(forkUs, (performance.now() - t0) * 1000);
    if (child <= 0) throw new Error(`fork failed: ${child}`);
    const t1 = performance.now();
    for (let i = 0; i < PAGES; i++) fault(k, pager, tid, BASE + i * 4096, true);
    cowUs = Math.min(cowUs, ((performance.now() - t1) * 1000) / PAGES);
    ipc(pager, child, P.L4_IPC_TAG_EXIT, 0);
  }
  pager.assertIntegrity();
  return { forkUs, cowUs, zeroWriteUs: zero.write, zeroReadUs: zero.read };
}

import { CTX_LR, CTX_WORDS } from './arch/machine.ts';
import { ESRCH } from './errno.ts';
import { serviceReply } from './ipc/ipc.ts';
import type { Kernel } from './kernel.ts';
import type { KernelPort } from './service.ts';
import { mapPages, unmapPages } from './syscall/memory.ts';
import {
  createThread, destroyThread, exchangeRegisters, runThread, suspendThread,
} from './thread/control.ts';
import { userMemory } from './space/usermem.ts';

/**
 * The KernelPort a hosted service at `svcTid` gets: each call validates like the system call it
 * mirrors, made with the service's (full) privilege.
 */
export function makePort(k: Kernel, svcTid: number): KernelPort {
  return {
    threadCreate: (flags, ids, name, source) => {
      const src = source === undefined ? undefined : k.thread(source);
      if (source !== undefined && (src === undefined || src.spid !== ids.spid)) return -ESRCH;
      const r = createThread(k, undefined, flags, ids, name);
      const t = k.thread(ids.tid);
      if (r === 0 && src !== undefined && t !== undefined) {
        t.ctx.set(src.ctx.subarray(0, CTX_WORDS));
        t.ctx[CTX_LR] = 0;
      }
      return r;
    },
    threadSuspend: (tid) => suspendThread(k, undefined, tid),
    threadRename: (tid, name) => {
      const t = k.thread(tid);
      if (t === undefined || k.service(tid) !== undefined) return -ESRCH;
      t.name = name;
      return 0;
    },
    threadRun: (tid) => runThread(k, undefined, tid),
    threadDestroy: (tid, status) => destroyThread(k, undefined, tid, status),
    exchangeRegisters: (tid, data) => exchangeRegisters(k, undefined, tid, data),
    map: (pa, va, npages, flags, tid) => mapPages(k, undefined, pa, va, npages, flags, tid),
    unmap: (va, npages, tid) => unmapPages(k, undefined, va, npages, tid),
    pte: (tid, va) => k.thread(tid)?.space?.pte(va) ?? 0,
    reply: (tid, mrs) => serviceReply(k, svcTid, tid, mrs),
    userMemory: (tid) => userMemory(k, tid),
    kill: (tid, reason, status) => {
      const t = k.thread(tid);
      if (t !== undefined) k.kill(t, reason, status);
    },
    zeroFrame: (pa) => k.arch.zero(pa & ~0xfff, 4096),
    copyFrame: (dst, src) => k.arch.copy(dst & ~0xfff, src & ~0xfff, 4096),
    copyPhys: (dst, src, len) => k.arch.copy(dst >>> 0, src >>> 0, len),
    readFrame: (pa) => k.arch.readBytes(pa & ~0xfff, 4096),
    writeFrame: (pa, data) => k.arch.writeBytes(pa & ~0xfff, data.subarray(0, 4096)),
    bootImages: () => k.images,
    firstFreePhys: () => k.firstFree,
    ramEnd: () => k.arch.ramSize,
    print: (line) => k.print(line),
    noteFault: (tid, va, how) => k.hooks?.faultResolved?.(tid, va, how),
  };
}


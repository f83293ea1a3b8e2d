import type { Kernel } from '../kernel.ts';
import { FSR_PREFETCH_BIT, L4_IPC_TAG_PFAULT } from '../ipc/protocol.ts';
import type { UserMemory } from '../service.ts';
import type { Tcb } from '../thread/tcb.ts';

/** check_access refuses buffers this large (ABI §5.4). */
export const MAX_USER_BUFFER = 0x10000000;
/** Fault messages per page before the kernel gives up with -EFAULT (read, then write upgrade). */
const PAGEIN_TRIES = 3;

/**
 * The physical address of user address `va` in `t`'s space for a user-mode access (`write`),
 * faulting the page in through t's hosted pager where needed (ABI §5.4: MR2 = 0, MR4 = address).
 * Returns -1 when the page cannot be made accessible. The kernel insists on user permissions even
 * though Codezero wrote in SVC mode: writing through a user read-only mapping could change a
 * frame shared with another task.
 */
export function userPhys(k: Kernel, t: Tcb, va: number, write: boolean): number {
  const space = t.space;
  if (space === undefined) return -1;
  for (let i = 0; ; i++) {
    const pa = space.translate(va, write);
    if (pa >= 0) return pa;
    const svc = k.services.get(t.pager);
    if (i >= PAGEIN_TRIES || svc === undefined) return -1;
    const pte = space.pte(va);
    const status = pte !== 0 ? 0xf : space.hasTable(va) ? 0x7 : 0x5;
    const mrs = Int32Array.of(L4_IPC_TAG_PFAULT, t.tid, 0, status & ~FSR_PREFETCH_BIT, va, pte);
    const r = svc.handle({ kind: 'pagein', sender: t.tid, mrs, wantsReply: true });
    if (r.kind !== 'reply' || r.mrs[0]! < 0) return -1;
    if (k.thread(t.tid) !== t) return -1;
    k.pageTablesChanged();
  }
}

/** True when [va, va+len) does not wrap and is not absurdly large. */
export function saneRange(va: number, len: number): boolean {
  return Number.isInteger(va) && Number.isInteger(len) && len >= 0 && len < MAX_USER_BUFFER
    && (va >>> 0) + len <= 0x100000000;
}

/** Copies `len` bytes from `t`'s memory at `va`; undefined on a fault. */
export function copyFromUser(k: Kernel, t: Tcb, va: number, len: number): Uint8Array | undefined {
  va >>>= 0;
  if (!saneRange(va, len)) return undefined;
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const a = va + done;
    const n = Math.min(len - done, 4096 - (a & 0xfff));
    const pa = userPhys(k, t, a, false);
    if (pa < 0) return undefined;
    out.set(k.arch.ram.subarray(pa, pa + n), done);
    done += n;
  }
  return out;
}

/** Copies `data` into `t`'s memory at `va`; false on a fault (a prefix may have been written). */
export function copyToUser(k: Kernel, t: Tcb, va: number, data: Uint8Array): boolean {
  va >>>= 0;
  if (!saneRange(va, data.length)) return false;
  // Resolve every page first so that a fault leaves user memory untouched. The first page is
  // unsigned: `va & ~0xfff` is negative from 0x80000000 up (utcb pages), and would walk ~2^20 pages.
  const pas: number[] = [];
  for (let a = (va & ~0xfff) >>> 0; a < va + data.length; a += 4096) {
    const pa = userPhys(k, t, Math.max(a, va), true);
    if (pa < 0) return false;
    pas.push(pa);
  }
  let done = 0;
  for (const pa of pas) {
    const n = Math.min(data.length - done, 4096 - (pa & 0xfff));
    k.arch.writeBytes(pa, data.subarray(done, done + n));
    done += n;
  }
  return true;
}

/**
 * Writes `words[0..count)` as little-endian words to `t`'s memory at `va`; same contract as
 * copyToUser. When they lie 4-aligned in one page (a struct on the stack, as getid's) the page is
 * resolved once and the words are stored directly, with no allocation.
 */
export function copyWordsToUser(k: Kernel, t: Tcb, va: number, words: ArrayLike<number>, count: number): boolean {
  va >>>= 0;
  if ((va & 3) !== 0 || (va & 0xfff) + count * 4 > 4096) {
    const bytes = new Uint8Array(count * 4);
    const v = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) v.setInt32(i * 4, words[i]! | 0, true);
    return copyToUser(k, t, va, bytes);
  }
  const pa = userPhys(k, t, va, true);
  if (pa < 0) return false;
  for (let i = 0; i < count; i++) k.arch.write32(pa + i * 4, words[i]! | 0);
  return true;
}

/** Little-endian words to bytes. */
export function wordsToBytes(words: ArrayLike<number>): Uint8Array {
  const b = new Uint8Array(words.length * 4);
  const v = new DataView(b.buffer);
  for (let i = 0; i < words.length; i++) v.setInt32(i * 4, words[i]! | 0, true);
  return b;
}

/** The UserMemory accessor services get for thread `tid`. */
export function userMemory(k: Kernel, tid: number): UserMemory {
  const t = () => k.thread(tid);
  return {
    read: (va, len) => {
      const th = t();
      return th === undefined ? undefined : copyFromUser(k, th, va, len);
    },
    write: (va, data) => {
      const th = t();
      return th !== undefined && copyToUser(k, th, va, data);
    },
    readString: (va, max) => {
      const th = t();
      if (th === undefined) return undefined;
      let s = '';
      for (let i = 0; i < max; i++) {
        const b = copyFromUser(k, th, (va + i) >>> 0, 1);
        if (b === undefined) return undefined;
        if (b[0] === 0) return s;
        s += String.fromCharCode(b[0]!);
      }
      return undefined;
    },
  };
}

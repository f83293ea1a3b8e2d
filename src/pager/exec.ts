import { EBUSY, EINVAL, ENOENT, ENOMEM, USER_AREA_START } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import type { VmObject } from './object.ts';
import { pageIn } from './pagecache.ts';
import { E2BIG, ENOEXEC, EXEC_ARGV_BASE } from './protocol.ts';
import { settle, unlinkVma } from './shadow.ts';
import type { ShmTable } from './shm.ts';
import { ENV_END, ENV_START, INITIAL_SP, STACK_END, STACK_START, type Task } from './task.ts';
import { linkChain, Vma, VM_EXEC, VM_READ, VM_WRITE, VMA_ANONYMOUS, VMA_PRIVATE } from './vma.ts';

/**
 * execve (tag 20; Codezero added it after 44c3402): replaces the calling task's image with an ELF
 * file from the VFS, keeping its tid, open descriptors, process and utcb page. The request layout
 * is in protocol.ts. The file is read through the page cache (so unflushed writes are seen), then
 * validated completely before anything of the old image is touched: a bad ELF is -ENOEXEC and the
 * old image keeps running.
 */

/** Largest executable accepted. */
const MAX_EXEC_SIZE = 8 << 20;
/** Most arguments accepted. */
const MAX_ARGC = 1024;

/** One PT_LOAD segment, validated. */
interface LoadSegment {
  vaddr: number;
  offset: number;
  filesz: number;
  memsz: number;
  flags: number;
}

/** A parsed, validated executable. */
interface Executable {
  entry: number;
  segments: LoadSegment[];
}

/** ELF constants (System V gABI, ARM ELF ABI). */
const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;

/**
 * Parses and validates an ELF32 little-endian ARM ET_EXEC image: every PT_LOAD inside the file,
 * filesz <= memsz, inside [0x10000000, 0x1FFFB000), no two segments on the same page, the entry in
 * an executable segment. Returns the executable or undefined (-ENOEXEC).
 */
export function parseExecutable(b: Uint8Array): Executable | undefined {
  if (b.length < 52 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) return undefined;
  if (b[4] !== 1 || b[5] !== 1) return undefined;
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (d.getUint16(16, true) !== 2 || d.getUint16(18, true) !== 40) return undefined;
  const entry = d.getUint32(24, true);
  const phoff = d.getUint32(28, true);
  const phentsize = d.getUint16(42, true);
  const phnum = d.getUint16(44, true);
  if (phentsize !== 32 || phnum === 0 || phnum > 16 || phoff + phnum * 32 > b.length) return undefined;
  const segments: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * 32;
    if (d.getUint32(at, true) !== PT_LOAD) continue;
    const s: LoadSegment = {
      offset: d.getUint32(at + 4, true), vaddr: d.getUint32(at + 8, true), filesz: d.getUint32(at + 16, true),
      memsz: d.getUint32(at + 20, true), flags: d.getUint32(at + 24, true),
    };
    if (s.memsz === 0) continue;
    if (s.filesz > s.memsz || s.offset + s.filesz > b.length) return undefined;
    if (s.vaddr < USER_AREA_START || s.vaddr + s.memsz > STACK_START) return undefined;
    segments.push(s);
  }
  if (segments.length === 0) return undefined;
  const pages = segments.map((s) => [Math.floor(s.vaddr / 4096), Math.ceil((s.vaddr + s.memsz) / 4096)] as const);
  for (let i = 0; i < pages.length; i++) {
    for (let j = i + 1; j < pages.length; j++) {
      if (pages[i]![0] < pages[j]![1] && pages[j]![0] < pages[i]![1]) return undefined;
    }
  }
  const text = segments.find((s) => (s.flags & PF_X) !== 0 && entry >= s.vaddr && entry < s.vaddr + s.memsz);
  return text === undefined ? undefined : { entry, segments };
}

/** The request of an EXECVE: path and argv out of the caller's utcb page; or -errno. */
export function parseExecRequest(page: Uint8Array): { path: string; argv: string[] } | number {
  const str = (from: number): [string, number] | undefined => {
    const nul = page.indexOf(0, from);
    if (nul < 0) return undefined;
    return [String.fromCharCode(...page.subarray(from, nul)), nul + 1];
  };
  const p = str(0);
  if (p === undefined) return -EINVAL;
  if (p[0].length === 0) return -ENOENT;
  const at = (p[1] + 3) & ~3;
  if (at + 4 > page.length) return -EINVAL;
  const argc = new DataView(page.buffer, page.byteOffset).getUint32(at, true);
  if (argc > MAX_ARGC) return -E2BIG;
  const argv: string[] = [];
  let pos = at + 4;
  for (let i = 0; i < argc; i++) {
    const a = str(pos);
    if (a === undefined) return -EINVAL;
    argv.push(a[0]);
    pos = a[1];
  }
  return { path: p[0], argv };
}

/** The env page: argv[] (argc + 1 pointers) then the strings; undefined when it does not fit. */
function argvPage(argv: readonly string[]): Uint8Array | undefined {
  const page = new Uint8Array(4096);
  const d = new DataView(page.buffer);
  let pos = (argv.length + 1) * 4;
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i]!;
    if (pos + s.length + 1 > 4096) return undefined;
    d.setUint32(i * 4, EXEC_ARGV_BASE + pos, true);
    for (let k = 0; k < s.length; k++) page[pos + k] = s.charCodeAt(k) & 0xff;
    pos += s.length + 1;
  }
  return page;
}

/** Reads all of file `o` (length `len`) through the cache; undefined on a page-in error. */
function readWhole(ctx: VmContext, o: VmObject, len: number): Uint8Array | undefined {
  const out = new Uint8Array(len);
  for (let off = 0; off * 4096 < len; off++) {
    const p = pageIn(ctx, o, off);
    if (p === undefined || 'errno' in p) return undefined;
    out.set(ctx.port.readFrame(p.pa).subarray(0, Math.min(4096, len - off * 4096)), off * 4096);
  }
  return out;
}

/** A private area whose pages are pre-filled: a shadow over devzero holding `pages`. */
function filledArea(ctx: VmContext, task: Task, start: number, end: number, flags: number,
  pages: Map<number, Uint8Array>, frames: number[]): Vma {
  const s = ctx.objects.create('shadow', task.name);
  s.orig = ctx.objects.devzero;
  ctx.objects.devzero.shadowers.add(s);
  s.writable = (flags & VM_WRITE) !== 0;
  for (const [off, bytes] of pages) {
    const pa = frames.pop()!;
    ctx.port.writeFrame(pa, bytes);
    s.pages.set(off, { pa, dirty: true });
  }
  return new Vma(task.space, start, end, flags | VMA_PRIVATE, start / 4096, [s, ctx.objects.devzero]);
}

/**
 * EXECVE for `task` with the utcb page bytes `req`: 'done' when the task now runs the new image
 * (the caller sends no reply), or -errno with the old image untouched.
 *
 * Invariants:
 *  1. Nothing of the old image changes until the file is read, validated and every frame the new
 *     image needs is allocated.
 *  2. The utcb attachment survives; every other area is removed and unmapped.
 *  3. The thread restarts at the entry with r0 = argc, r1 = argv, sp = 0x1FFFEFF8.
 */
export function doExec(ctx: VmContext, shm: ShmTable, task: Task, req: Uint8Array): 'done' | number {
  const parsed = parseExecRequest(req);
  if (typeof parsed === 'number') return parsed;
  if (task.space.tids.size > 1) return -EBUSY;
  const env = argvPage(parsed.argv);
  if (env === undefined) return -E2BIG;
  const f = ctx.vfs.openPath(task.tid, parsed.path);
  if (typeof f === 'number') return f < 0 ? f : -ENOENT;
  let file = ctx.objects.files.get(f.vnum);
  if (file === undefined) {
    file = ctx.objects.create('vfsfile', `vnode ${f.vnum}`);
    file.vnum = f.vnum;
    file.length = f.size;
    file.syncedLength = f.size;
    ctx.objects.files.set(f.vnum, file);
  }
  const len = file.length;
  let bytes: Uint8Array | undefined;
  if (len <= MAX_EXEC_SIZE) {
    file.openers++;
    bytes = readWhole(ctx, file, len);
    file.openers--;
  }
  settle(ctx, file);
  const exe = bytes === undefined ? undefined : parseExecutable(bytes);
  if (exe === undefined || bytes === undefined) return -ENOEXEC;

  // Every page the new image needs, filled, before the old image goes (invariant 1).
  const areas: { start: number; end: number; flags: number; pages: Map<number, Uint8Array> }[] = [];
  let need = 1;
  let top = 0;
  for (const s of exe.segments) {
    const start = Math.floor(s.vaddr / 4096) * 4096;
    const end = Math.ceil((s.vaddr + s.memsz) / 4096) * 4096;
    const pages = new Map<number, Uint8Array>();
    for (let a = start; a < end; a += 4096) {
      const lo = Math.max(a, s.vaddr);
      const hi = Math.min(a + 4096, s.vaddr + s.filesz);
      if (hi <= lo) continue;
      const page = new Uint8Array(4096);
      page.set(bytes.subarray(s.offset + (lo - s.vaddr), s.offset + (hi - s.vaddr)), lo - a);
      pages.set(a / 4096, page);
    }
    need += pages.size;
    top = Math.max(top, end);
    const flags = ((s.flags & PF_R) !== 0 ? VM_READ : 0) | ((s.flags & PF_W) !== 0 ? VM_WRITE : 0)
      | ((s.flags & PF_X) !== 0 ? VM_EXEC | VM_READ : 0);
    areas.push({ start, end, flags, pages });
  }
  const frames: number[] = [];
  for (let i = 0; i < need; i++) {
    const pa = ctx.frames.alloc();
    if (pa < 0) {
      for (const p of frames) ctx.frames.unref(p);
      return -ENOMEM;
    }
    frames.push(pa);
  }

  // Invariant 2: the old image goes.
  const space = task.space;
  const tid = task.tid;
  for (const v of [...space.vmas]) {
    if (task.utcbSegment !== undefined && v.chain[0] === task.utcbSegment.object) continue;
    if (v.chain[0]?.segment !== undefined) {
      shm.detach(task, v);
      continue;
    }
    ctx.port.unmap(v.start, v.npages, tid);
    space.remove(v);
    unlinkVma(ctx, v);
  }
  for (const a of areas) {
    const v = filledArea(ctx, task, a.start, a.end, a.flags, a.pages, frames);
    space.insert(v);
    linkChain(v);
  }
  const stack = new Vma(space, STACK_START, STACK_END, VM_READ | VM_WRITE | VMA_PRIVATE | VMA_ANONYMOUS, 0,
    [ctx.objects.devzero]);
  space.insert(stack);
  linkChain(stack);
  const envArea = filledArea(ctx, task, ENV_START, ENV_END, VM_READ | VM_WRITE, new Map([[ENV_START / 4096, env]]), frames);
  space.insert(envArea);
  linkChain(envArea);
  space.mapStart = top;
  space.mapEnd = STACK_START;
  task.name = parsed.path.split('/').filter((s) => s !== '').pop() ?? task.name;
  ctx.port.threadRename(tid, task.name);

  // Invariant 3.
  ctx.port.threadSuspend(tid);
  const regs = new Int32Array(16);
  regs[0] = parsed.argv.length;
  regs[1] = EXEC_ARGV_BASE;
  regs[13] = INITIAL_SP;
  regs[15] = exe.entry;
  ctx.port.exchangeRegisters(tid, { regs, validVect: 0xffff, flags: 0, pagerId: 0 });
  ctx.port.threadRun(tid);
  return 'done';
}

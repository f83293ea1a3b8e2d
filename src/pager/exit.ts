import { EINVAL } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import { closeAll } from './file.ts';
import { ECHILD, WNOHANG } from './protocol.ts';
import { unlinkVma } from './shadow.ts';
import type { ShmTable } from './shm.ts';
import type { Process, Task } from './task.ts';

/** What exit and wait need from the pager. */
export interface ExitHost {
  readonly ctx: VmContext;
  readonly shm: ShmTable;
  readonly tasks: Map<number, Task>;
}

/** The POSIX status word of an exit status: signal number for 128+sig kills, else code << 8. */
export function statusWord(status: number, killed: boolean): number {
  return killed && status > 128 && status < 160 ? status - 128 : (status & 0xff) << 8;
}

/**
 * Everything a leaving thread holds (sys_exit, §2.8, with the fixes of A14 and A21), in order:
 *  1. the fd table loses a user; the last user closes every fd the pager knows (flushing);
 *  2. the VFS forgets the task (notifyExit);
 *  3. its utcb page is detached and released; segments it held may die;
 *  4. the space loses a thread; the last one tears every area down (links dropped, shadows
 *     collapsed or deleted, frames freed); the kernel frees the page tables with the thread;
 *  5. the process loses a thread; the last one makes it a zombie for its parent (waking a
 *     waiter) or, without a parent, it is reaped at once; its own children become orphans.
 * The caller destroys the kernel thread afterwards (EXIT) or the kernel does (a kill).
 */
export function releaseTask(h: ExitHost, task: Task, status: number, killed: boolean): void {
  const { ctx, shm } = h;
  h.tasks.delete(task.tid);
  task.process.waiters.delete(task.tid);
  if (--task.files.users === 0) closeAll(ctx, task);
  ctx.vfs.notifyExit(task.tid, status);
  shm.release(task);
  const space = task.space;
  space.tids.delete(task.tid);
  if (space.tids.size === 0) {
    for (const v of [...space.vmas].reverse()) {
      if (v.chain[0]?.segment !== undefined) {
        shm.detach(task, v);
      } else {
        space.remove(v);
        unlinkVma(ctx, v);
      }
    }
  }
  const proc = task.process;
  if (task.tid === proc.pid || proc.status === undefined) proc.status = statusWord(status, killed);
  if (--proc.threads === 0) processExit(h, proc);
}

/** The last thread of `proc` left: zombie for the parent, orphans for init (reaped at exit). */
function processExit(h: ExitHost, proc: Process): void {
  for (const c of proc.children) c.parent = undefined;
  proc.children.clear();
  proc.zombies.clear();
  const parent = proc.parent;
  if (parent === undefined) return;
  parent.children.delete(proc);
  parent.zombies.set(proc.pid, proc.status ?? 0);
  for (const [tid, want] of parent.waiters) {
    if (want !== -1 && want !== proc.pid) continue;
    parent.waiters.delete(tid);
    parent.zombies.delete(proc.pid);
    h.ctx.port.reply(tid, waitReply(proc.pid, proc.status ?? 0));
    return;
  }
}

/** The reply of a WAIT: MR0 = pid, MR2 = status word. */
function waitReply(pid: number, status: number): Int32Array {
  return Int32Array.of(pid, 0, status, 0, 0, 0);
}

/**
 * WAIT(pid, options) for `task`: a reply now (an exited child, 0 for WNOHANG, -ECHILD, -EINVAL)
 * or 'defer' when the thread must block until a matching child exits (its reply then comes from
 * processExit through the kernel port).
 */
export function doWait(task: Task, pid: number, options: number): Int32Array | 'defer' {
  if ((options & ~WNOHANG) !== 0 || pid < -1 || pid === 0) return waitReply(-EINVAL, 0);
  const proc = task.process;
  for (const [zpid, st] of proc.zombies) {
    if (pid !== -1 && zpid !== pid) continue;
    proc.zombies.delete(zpid);
    return waitReply(zpid, st);
  }
  const live = pid === -1 ? proc.children.size > 0 : [...proc.children].some((c) => c.pid === pid);
  if (!live) return waitReply(-ECHILD, 0);
  if ((options & WNOHANG) !== 0) return waitReply(0, 0);
  proc.waiters.set(task.tid, pid);
  return 'defer';
}

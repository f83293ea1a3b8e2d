import type { Kernel } from '../kernel.ts';
import type { PagerIntrospection } from '../service.ts';
import { L4_ANYTHREAD, type Tcb } from '../thread/tcb.ts';
import { describeWalk, walkTables } from './pagetable.ts';

/**
 * Debugger commands about the kernel's state, shared by gdb's `monitor` (qRcmd) and `czemu
 * debug`: tasks, vm TID, pt TID VA, ipc. Each returns text, never throws on bad arguments.
 */

/** User threads (tid ≥ 2, services excluded), by tid. */
export function userThreads(k: Kernel): Tcb[] {
  return [...k.threads.values()].filter((t) => !k.services.has(t.tid)).sort((a, b) => a.tid - b.tid);
}

function peer(tid: number): string {
  return tid === L4_ANYTHREAD ? 'any' : `${tid}`;
}

/** What `t` is doing, in a few words: "running", "ready", "blocked receiving from 0", ... */
export function threadState(k: Kernel, t: Tcb): string {
  switch (t.state) {
    case 'runnable': return k.current === t ? 'running' : 'ready';
    case 'send': return `blocked sending to ${peer(t.ipcTo)}`;
    case 'recv':
      return t.faulting ? `blocked on a page fault (pager ${t.ipcFrom})` : `blocked receiving from ${peer(t.ipcFrom)}`;
    default: return t.state;
  }
}

/** "task 3 (forktest) blocked receiving from 0": gdb's qThreadExtraInfo text. */
export function threadExtraInfo(k: Kernel, tid: number): string {
  const t = k.thread(tid);
  return t === undefined ? `task ${tid} (gone)` : `${t.label()} ${threadState(k, t)}`;
}

/** The `tasks` table: one line per user thread with its space, pager, state and pc. */
export function tasksText(k: Kernel): string {
  const ts = userThreads(k);
  if (ts.length === 0) return 'no tasks';
  return ts.map((t) => {
    const pc = `0x${(t.ctx[15]! >>> 0).toString(16).padStart(8, '0')}`;
    return `${String(t.tid).padStart(3)} ${t.name.padEnd(12)} space ${t.spid} pager ${t.pager} pc ${pc}  ${threadState(k, t)}`;
  }).join('\n');
}

/** The `ipc` table: who is blocked on whom, and each thread's queue of waiting senders. */
export function ipcText(k: Kernel): string {
  const lines: string[] = [];
  for (const t of userThreads(k)) {
    if (t.state === 'send' || t.state === 'recv') lines.push(`${t.label()} ${threadState(k, t)}`);
  }
  for (const t of k.threads.values()) {
    if (t.sendQueue.length > 0) lines.push(`${t.label()} has senders waiting: ${t.sendQueue.map((s) => s.tid).join(', ')}`);
  }
  return lines.length === 0 ? 'no thread is blocked in IPC' : lines.join('\n');
}

/** The `vm TID` text from the pager (PagerIntrospection), or "not available". */
export function vmText(k: Kernel, tid: number): string {
  if (k.thread(tid) === undefined || k.services.has(tid)) return `vm: no task ${tid}`;
  const pager = k.services.get(k.thread(tid)!.pager) as Partial<PagerIntrospection> | undefined;
  if (pager === undefined || typeof pager.describeVm !== 'function') {
    return 'vm: not available (the pager does not describe its VM areas yet)';
  }
  return pager.describeVm(tid);
}

/** The `pt TID VA` text: the page-table walk for VA in the task's space. */
export function ptText(k: Kernel, tid: number, va: number): string {
  const t = k.thread(tid);
  if (t === undefined || t.space === undefined) return `pt: no task ${tid}`;
  return describeWalk(walkTables(k.arch, t.space.l1, va));
}

/** Parses a number the way users type it: decimal, or hex with 0x. */
export function parseNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const m = /^(0x[0-9a-f]+|[0-9]+)$/i.exec(s.trim());
  return m === null ? undefined : Number(m[1]) >>> 0;
}

export const MONITOR_HELP = [
  'monitor commands:',
  '  tasks         every task: tid, name, space, pager, pc, state',
  '  vm TID        VM areas and shadow chains of a task (from the pager)',
  '  pt TID VA     the page-table walk for VA in a task\'s address space',
  '  ipc           who is blocked on whom',
].join('\n');

/** Runs one monitor command line; unknown commands get a one-line answer and the help. */
export function runMonitor(k: Kernel, line: string): string {
  const [cmd, ...args] = line.trim().split(/\s+/);
  switch (cmd) {
    case 'tasks': return tasksText(k);
    case 'ipc': return ipcText(k);
    case 'vm': {
      const tid = parseNumber(args[0]);
      return tid === undefined ? 'usage: vm TID' : vmText(k, tid);
    }
    case 'pt': {
      const tid = parseNumber(args[0]);
      const va = parseNumber(args[1]);
      return tid === undefined || va === undefined ? 'usage: pt TID VA' : ptText(k, tid, va);
    }
    case 'help':
    case '':
    case undefined:
      return MONITOR_HELP;
    default:
      return `unknown monitor command '${cmd}'\n${MONITOR_HELP}`;
  }
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.ts';
import { debugSession } from '../../src/cli/debug.ts';

/** `czemu debug` fed a script, as from a pipe: the exact transcript. */
const root = resolve(import.meta.dirname, '../..');

async function session(paths: string[], script: string) {
  let stdout = '';
  const io: CliIo = {
    stdout: (d) => {
      stdout += typeof d === 'string' ? d : Buffer.from(d).toString('latin1');
    },
    stderr: (t) => {
      stdout += t;
    },
    readFile: (p) => new Uint8Array(readFileSync(resolve(root, p))),
  };
  async function* lines() {
    yield* script.split('\n').filter((l) => l !== '');
  }
  const status = await debugSession(paths, lines(), io);
  return { status, stdout };
}

describe('czemu debug', () => {
  it('hello.elf: break, continue, regs, step, next over a call, disasm, x, tasks, pt, vm, ipc', async () => {
    const r = await session(['images/user/hello.elf'], [
      'break main', 'continue', 'regs', 'step 2', 'next', 'next', 'disasm 0x10000af0 2', 'x 0x10001000 4',
      'tasks', 'pt 2 0x10000000', 'vm 2', 'ipc', 'thread 7', 'delete', 'bogus', 'continue', 'step', 'quit',
    ].join('\n'));
    expect(r.stdout).toBe(`[task 2 (hello) ready] 0x10000000 <_start>: (not mapped yet)
(czemu) breakpoint 1 at 0x10000af0 <main>
(czemu) breakpoint 1
[task 2 (hello) running] 0x10000af0 <main>: e92d4010  push {r4, lr}
(czemu)   r0 0x00000000    r1 0x00000000    r2 0x00001000    r3 0x10001000
  r4 0x00000000    r5 0x00000000    r6 0x00000000    r7 0x00000000
  r8 0x00000000    r9 0x00000000   r10 0x00000000   r11 0x00000000
 r12 0x10001004    sp 0x1fffeff8    lr 0x10000030    pc 0x10000af0
cpsr 0x80000010
(czemu) [task 2 (hello) running] 0x10000af8 <main+0x8>: e28d0004  add r0, sp, #4
(czemu) [task 2 (hello) running] 0x10000afc <main+0xc>: ebfffd50  bl 10000044 <l4_getid>
(czemu) [task 2 (hello) running] 0x10000b00 <main+0x10>: e2504000  subs r4, r0, #0
(czemu) 0x10000af0 <main>: e92d4010  push {r4, lr}
0x10000af4 <main+0x4>: e24dd010  sub sp, sp, #16
(czemu) 0x10001000: 0xf8002000 0xf8002000 0x00000002 0x00000000
(czemu)   2 hello        space 2 pager 0 pc 0x10000b00  running
(czemu) va 0x10000000
L1[256] at 0x00104400 = 0x00100c01 (coarse table, domain 0)
L2 at 0x00100c00 = 0x00800aae (small page)
pa 0x00800000, AP 2 (kernel read/write, user read-only), domain 0
(czemu) task 2 (hello): space 2, 5 areas
0x10000000-0x10001000 r-x private  bootfile hello (pgoff 0)
0x10001000-0x10002000 rw- private  shadow#3 [1 page] -> bootfile hello (pgoff 1)
0x1fffb000-0x1ffff000 rw- private  shadow#4 [1 page] -> devzero (pgoff 0)
0x1ffff000-0x20000000 rw- private  devzero (pgoff 0)
0xf8002000-0xf8003000 rw- shared   shm utcb@f8002000 (pgoff 0)
(czemu) no thread is blocked in IPC
(czemu) no thread 7
(czemu) deleted all breakpoints
(czemu) unknown command 'bogus' (try 'help')
(czemu) Hello from czemu, tid 2
program exited with status 0
(czemu) the program has exited
(czemu) 
`);
    expect(r.status).toBe(0);
  });
  it('threads.elf: watch a variable and an address, stop after the store with old and new values, unwatch', async () => {
    const r = await session(['images/user/threads.elf'], [
      'break worker', 'continue', 'watch counter', 'watch 0x10002054 2', 'watch nosuch', 'watch', 'step 5',
      'step 2', 'unwatch 1', 'unwatch 9', 'continue', 'unwatch', 'unwatch', 'continue', 'quit',
    ].join('\n'));
    // The watchpoint stops before `str r3, [r4]`; the debugger steps it and reports the change
    // at the next instruction, as gdb does.
    expect(r.stdout).toBe(`[task 2 (threads) ready] 0x10000000 <_start>: (not mapped yet)
(czemu) breakpoint 1 at 0x10000c14 <worker>
(czemu) breakpoint 1
[task 3 (threads) running] 0x10000c14 <worker>: e92d4010  push {r4, lr}
(czemu) watchpoint 1: counter (0x10002054), 4 bytes
(czemu) watchpoint 2: 0x10002054, 2 bytes
(czemu) no symbol 'nosuch'
(czemu) usage: watch ADDR|SYMBOL [LEN]
(czemu) [task 3 (threads) running] 0x10000c28 <worker+0x14>: e0833005  add r3, r3, r5
(czemu) watchpoint 1: counter (0x10002054)
old value 0x00000000
new value 0x00000001
[task 3 (threads) running] 0x10000c30 <worker+0x1c>: ebfffd03  bl 10000044 <l4_thread_switch>
(czemu) deleted watchpoint 1
(czemu) no watchpoint 9
(czemu) same space: created and running
same space: suspended
watchpoint 2: 0x10002054
old value 0x0001
new value 0x0002
[task 3 (threads) running] 0x10000c30 <worker+0x1c>: ebfffd03  bl 10000044 <l4_thread_switch>
(czemu) deleted all watchpoints
(czemu) no watchpoints
(czemu) same space: resumed
same space: destroyed
inactive: ok
new space: ok
copy space: the copy ran
copy space: ok
threads: ok
program exited with status 0
(czemu) 
`);
    expect(r.status).toBe(0);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/command.ts';

/**
 * gdb-multiarch in batch mode against `czemu boot|run IMAGE --gdb 0 --wait`, both in this process:
 * czemu serves on a free port (read from its "listening" line), gdb runs as a child process with
 * the ELF's symbols, and the test asserts on gdb's output and czemu's exit status.
 */
const root = resolve(import.meta.dirname, '../..');
const GDB = 'gdb-multiarch';
const haveGdb = spawnSync(GDB, ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveGdb) console.warn(`gdb-batch: skipped: ${GDB} is not installed (Debian: apt-get install gdb-multiarch)`);

/** Starts czemu with `argv` (which must include --gdb 0); resolves the port once it listens. */
function startCzemu(argv: string[]) {
  let stdout = '';
  let stderr = '';
  let onLine: (port: number) => void = () => {};
  const port = new Promise<number>((res) => (onLine = res));
  const io: CliIo = {
    stdout: (d) => {
      stdout += typeof d === 'string' ? d : Buffer.from(d).toString('latin1');
    },
    stderr: (t) => {
      stderr += t;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(t);
      if (m !== null) onLine(Number(m[1]));
    },
    readFile: (p) => new Uint8Array(readFileSync(resolve(root, p))),
  };
  const status = runCli(argv, io);
  return { port, status, out: () => ({ stdout, stderr }) };
}

/** Runs gdb-multiarch -batch with `commands` against `elf` on `port`; resolves its output. */
function gdbBatch(elf: string, port: number, commands: string[]): Promise<string> {
  const args = ['-batch', '-nx', '-ex', 'set architecture armv5te', '-ex', 'set pagination off',
    '-ex', `target remote :${port}`, ...commands.flatMap((c) => ['-ex', c]), resolve(root, elf)];
  return new Promise((res, rej) => {
    const p = spawn(GDB, args, { cwd: resolve(root, 'images/user') });
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 50_000);
    p.on('error', rej);
    p.on('close', () => {
      clearTimeout(timer);
      res(text);
    });
  });
}

describe.skipIf(!haveGdb)('gdb-multiarch against czemu', () => {
  it('boot hello.elf: break main, stepi, registers, x/4i, threads, monitor, run to the end', async () => {
    const cz = startCzemu(['boot', 'images/user/hello.elf', '--gdb', '0', '--wait']);
    const out = await gdbBatch('images/user/hello.elf', await cz.port, [
      'break main', 'continue', 'stepi', 'info registers', 'x/4i $pc', 'info threads',
      'monitor tasks', 'monitor pt 2 0x10000000', 'monitor ipc', 'monitor vm 2', 'continue',
    ]);
    expect(out).toMatch(/Breakpoint 1 at 0x[0-9a-f]+: file hello\.c/);
    expect(out).toMatch(/Breakpoint 1, main \(\) at hello\.c:\d+/);
    for (const r of ['r0', 'r12', 'sp', 'lr', 'pc', 'cpsr']) expect(out).toMatch(new RegExp(`^${r} +0x[0-9a-f]+`, 'm'));
    expect(out).toMatch(/^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <main\+4>$/m);
    expect(out).toMatch(/^cpsr +0x[0-9a-f]*10 /m); // user mode
    const insns = out.split('\n').filter((l) => /^(=> | {3})0x[0-9a-f]+ <main\+\d+>:\t\S/.test(l));
    expect(insns).toHaveLength(4);
    expect(out).toMatch(/\* 1 +Thread 2 \(task 2 \(hello\) running\) 0x[0-9a-f]+ in main \(\)/);
    expect(out).toMatch(/^ {2}2 hello +space 2 pager 0 pc 0x[0-9a-f]+ +running$/m);
    expect(out).toMatch(/^L1\[256\] at 0x[0-9a-f]{8} = 0x[0-9a-f]{8} \(coarse table, domain 0\)$/m);
    expect(out).toMatch(/^pa 0x[0-9a-f]{8}, AP 2 \(kernel read\/write, user read-only\), domain 0$/m);
    expect(out).toContain('no thread is blocked in IPC');
    // The pager's VM areas and object chains (PagerIntrospection.describeVm), at main.
    expect(out).toContain(`task 2 (hello): space 2, 5 areas
0x10000000-0x10001000 r-x private  bootfile hello (pgoff 0)
0x10001000-0x10002000 rw- private  shadow#3 [1 page] -> bootfile hello (pgoff 1)
0x1fffb000-0x1ffff000 rw- private  shadow#4 [1 page] -> devzero (pgoff 0)
0x1ffff000-0x20000000 rw- private  devzero (pgoff 0)
0xf8002000-0xf8003000 rw- shared   shm utcb@f8002000 (pgoff 0)
`);
    expect(out).toContain('[Inferior 1 (Remote target) exited normally]');
    expect(await cz.status).toBe(0);
    expect(cz.out().stdout).toBe('Hello from czemu, tid 2\n');
  });

  it('boot threads.elf: two threads with extra info, a watchpoint with old and new values', async () => {
    const cz = startCzemu(['boot', 'images/user/threads.elf', '--gdb', '0', '--wait']);
    const out = await gdbBatch('images/user/threads.elf', await cz.port, [
      'break worker', 'continue', 'info threads', 'delete', 'watch counter', 'continue',
      'info registers pc', 'continue', 'delete', 'continue',
    ]);
    expect(out).toMatch(/hit Breakpoint 1, worker \(step=1\) at threads\.c:\d+/);
    expect(out).toMatch(/Thread 2 \(task 2 \(threads\) (ready|blocked[^)]*)\)/);
    expect(out).toMatch(/\* 2 +Thread 3 \(task 3 \(threads\) running\) worker/);
    expect(out).toContain('Hardware watchpoint 2: counter');
    // The stub stops before `str r3, [r4]` (counter += step); gdb steps that one instruction and
    // reports the change right after it: in worker, at the call on the next line.
    const src = readFileSync(resolve(root, 'images/user/threads.c'), 'latin1').split('\n');
    const next = src.findIndex((l) => l.includes('counter += step;')) + 2;
    const at = `worker \\(step=1\\) at threads\\.c:${next}\n${next}\t\t+l4_thread_switch\\(L4_NILTHREAD\\);\n`;
    expect(out).toMatch(new RegExp(`Old value = 0\nNew value = 1\n${at}`));
    expect(out).toMatch(new RegExp(`Old value = 1\nNew value = 2\n${at}`));
    expect(out).toMatch(/^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <worker\+\d+>$/m);
    expect(out).not.toContain('l4_thread_switch ()');
    expect(out).toContain('[Inferior 1 (Remote target) exited normally]');
    expect(await cz.status).toBe(0);
    expect(cz.out().stdout).toBe(readFileSync(resolve(root, 'images/user/threads.expected'), 'latin1'));
  });

  it('run images/cpu/hello.elf (bare metal): break, step, memory, run to the semihosting exit', async () => {
    const cz = startCzemu(['run', 'images/cpu/hello.elf', '--gdb', '0', '--wait']);
    const out = await gdbBatch('images/cpu/hello.elf', await cz.port, [
      'break exit_success', 'continue', 'stepi', 'info registers pc', 'x/s message', 'info threads',
      'continue',
    ]);
    expect(out).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in exit_success \(\)/);
    expect(out).toMatch(/^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <exit_success\+4>$/m);
    expect(out).toMatch(/<message>:\t"Hello from czemu\\n"/);
    expect(out).toMatch(/\* 1 +Thread 1 \(cpu mode 0x13\)/);
    expect(out).toContain('[Inferior 1 (Remote target) exited normally]');
    expect(await cz.status).toBe(0);
    expect(cz.out().stdout).toBe('Hello from czemu\n');
  });
});

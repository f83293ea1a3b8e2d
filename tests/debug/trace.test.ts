import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/command.ts';

/** --trace on boot and run: exact lines for small images. */
const root = resolve(import.meta.dirname, '../..');

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (d) => {
      stdout += typeof d === 'string' ? d : Buffer.from(d).toString('latin1');
    },
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => new Uint8Array(readFileSync(resolve(root, p))),
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

describe('--trace', () => {
  it('boot hello.elf: syscalls and IPCs decoded strace-style, sched lines', async () => {
    const r = await cli(['boot', 'images/user/hello.elf', '--trace', 'syscall,ipc,sched']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello from czemu, tid 2\n');
    expect(r.stderr).toBe(`[2 hello] 0x10000000 <_start>: first run
[2 hello] 0x1000008c <utcb_init+0x10>: getid(ids=0x1fffefdc) = 0
[2 hello] 0x10000068 <l4_ipc+0x18>: ipc(to=0, from=0) tag=UTCB(4) mr2=2 = 0 mr0=0xf8002000
[2 hello] 0x10000068 <l4_ipc+0x18>: ipc(to=0, from=0) tag=SHMGET(6) mr2=0xf8002000 mr3=4096 mr4=512 = 0 mr0=0
[2 hello] 0x10000068 <l4_ipc+0x18>: ipc(to=0, from=0) tag=SHMAT(7) mr2=0 mr3=0xf8002000 mr4=0 = 0 mr0=0xf8002000
[2 hello] 0x10000b00 <main+0x10>: getid(ids=0x1fffefe4) = 0
[2 hello] 0x10000068 <l4_ipc+0x18>: ipc(to=0, from=0) tag=EXIT(27) mr2=0 = ? (exited)
`);
  });

  it('boot hello.elf: faults with address, FSR meaning, access and the mapping that resolved them', async () => {
    const r = await cli(['boot', 'images/user/hello.elf', '--trace', 'fault']);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[2 hello\] 0x10000000 <_start>: fault at 0x10000000: section translation fault, prefetch -> (.+, )?pa 0x[0-9a-f]{8} (ro|rw)$/);
    for (const l of lines) {
      expect(l).toMatch(/^\[2 hello\] 0x[0-9a-f]{8}( <\S+>)?: fault at 0x[0-9a-f]+: (section|page) (translation|permission) fault, (prefetch|read|write|read\/write) -> .*(pa 0x[0-9a-f]{8} (ro|rw)|sent to pager \d+)$/);
    }
    expect(lines.some((l) => l.includes('fault, write -> '))).toBe(true);
    // The pager says how it resolved each one (KernelPort.noteFault, src/pager/introspect.ts).
    expect(r.stderr).toBe(`[2 hello] 0x10000000 <_start>: fault at 0x10000000: section translation fault, prefetch -> shared, pa 0x00800000 ro
[2 hello] 0x10000014 <_start+0x14>: fault at 0x10001000: page translation fault, write -> shared, pa 0x00801000 ro
[2 hello] 0x10000014 <_start+0x14>: fault at 0x10001000: page permission fault, write -> cow copy, pa 0x00903000 rw
[2 hello] 0x1000007c <utcb_init>: fault at 0x1fffefec: section translation fault, write -> zero page, pa 0x00902fec ro
[2 hello] 0x1000007c <utcb_init>: fault at 0x1fffefec: page permission fault, write -> zero-fill, pa 0x00904fec rw
`);
  });

  it('boot hello.elf --trace insn --trace-file: one line per instruction, same run as without tracing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'czemu-trace-')), 'insn.txt');
    const r = await cli(['boot', 'images/user/hello.elf', '--trace', 'insn', '--trace-file', file]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'Hello from czemu, tid 2\n', '']);
    const lines = readFileSync(file, 'latin1').split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '[2 hello] 0x10000000 <_start>: (not mapped yet)',
      '[2 hello] 0x10000000 <_start>: e59fd030  ldr sp, [pc, #48] @ 0x10000038',
      '[2 hello] 0x10000004 <_start+0x4>: e59f0030  ldr r0, [pc, #48] @ 0x1000003c',
    ]);
    expect(lines.length).toBeGreaterThan(100);
  });

  it('run images/cpu/hello.elf --trace insn: bare-metal instructions with symbols', async () => {
    const r = await cli(['run', 'images/cpu/hello.elf', '--trace', 'insn', '--max-insns', '4']);
    expect(r.status).toBe(124);
    expect(r.stderr).toBe(`0x00010000 <_start>: e59f4038  ldr r4, [pc, #56] @ 10040 <message+0x14>
0x00010004 <_start+0x4>: e28f5020  add r5, pc, #32
0x00010008 <_start+0x8>: e4d50001  ldrb r0, [r5], #1
0x0001000c <_start+0xc>: e3500000  cmp r0, #0
czemu: images/cpu/hello.elf: stopped after 4 instructions (--max-insns)
`);
  });

  it('rejects unknown categories and kernel categories on run with one line', async () => {
    expect((await cli(['boot', 'images/user/hello.elf', '--trace', 'insn,bogus'])).stderr)
      .toBe("czemu: unknown trace category 'bogus' (categories: insn, syscall, ipc, fault, sched)\n");
    expect((await cli(['run', 'images/cpu/hello.elf', '--trace', 'syscall'])).stderr)
      .toBe("czemu: trace category 'syscall' is not available here (available: insn)\n");
    expect((await cli(['boot', 'images/user/hello.elf', '--wait'])).stderr).toBe("czemu: option '--wait' needs '--gdb PORT'\n");
  });
});

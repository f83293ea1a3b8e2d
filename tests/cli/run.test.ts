import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/command.ts';
import { runBareMetal } from '../../src/emulator/baremetal.ts';
import { buildElf } from '../loader/build.ts';

/** runCli with captured output; files come from `files` first, then the real file system. */
async function cli(argv: string[], files: Record<string, Uint8Array> = {}) {
  const chunks: Uint8Array[] = [];
  let stderr = '';
  const io: CliIo = {
    stdout: (d) => chunks.push(typeof d === 'string' ? new TextEncoder().encode(d) : d.slice()),
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => files[p] ?? new Uint8Array(readFileSync(p)),
  };
  const status = await runCli(argv, io);
  const stdout = Buffer.concat(chunks).toString('latin1');
  return { status, stdout, stderr };
}

/** Prints "hi from semihosting\n" with SYS_WRITE0, then exits with status 3 (SYS_EXIT_EXTENDED). */
const EXIT3 = `
        .text
        .global _start
_start: mov r0, #0x04
        adr r1, msg
        swi 0x123456
        mov r0, #0x20
        adr r1, block
        swi 0x123456
        b .
block:  .word 0x20026, 3
msg:    .asciz "hi from semihosting\\n"
`;

/** Prints "x" through the PL011, then spins for ever. */
const SPIN = `
        .text
        .global _start
_start: ldr r0, =0x101f1000
        mov r1, #'x'
        str r1, [r0]
1:      b 1b
`;

/** Executes an undefined instruction with no vector table installed. */
const UNDEF = `
        .text
        .global _start
_start: nop
        .word 0xe7f000f0
`;

/** A vector table at 0: the SWI handler exits with the SWI's comment field as the status. */
const VECTORS = `
        .text
        .global _start
_start: b reset
        b .
        b swi_handler
reset:  mov r0, #0
        swi 0x42
        b .
swi_handler:
        ldr r2, [lr, #-4]
        bic r2, r2, #0xff000000
        str r2, block + 4
        mrs r3, cpsr
        and r3, r3, #0x1f
        cmp r3, #0x13
        movne r2, #99
        strne r2, block + 4
        mov r0, #0x20
        adr r1, block
        swi 0x123456
block:  .word 0x20026, 0
`;

/** Starts in Thumb state (entry address with bit 0 set) and exits through swi 0xAB. */
const THUMB = `
        .text
        .thumb
        .global _start
        .type _start, %function
        .thumb_func
_start: movs r0, #0x18
        ldr r1, =0x20026
        swi 0xab
        .pool
`;

describe('czemu run end to end', () => {
  it('prints through semihosting and exits with the SYS_EXIT_EXTENDED subcode', async () => {
    const r = await cli(['run', buildElf(EXIT3).path]);
    expect(r).toEqual({ status: 3, stdout: 'hi from semihosting\n', stderr: '' });
  });

  it('runs the committed hello image', async () => {
    expect(await cli(['run', 'images/cpu/hello.elf'])).toEqual({ status: 0, stdout: 'Hello from czemu\n', stderr: '' });
  });

  it('stops at --max-insns with status 124 and keeps the output so far', async () => {
    const path = buildElf(SPIN).path;
    const r = await cli(['run', path, '--max-insns', '2500k']);
    expect(r).toEqual({
      status: 124, stdout: 'x', stderr: `czemu: ${path}: stopped after 2500000 instructions (--max-insns)\n`,
    });
  });

  it('reports an exception with no handler as a fault (status 125)', async () => {
    const path = buildElf(UNDEF).path;
    expect(await cli(['run', path])).toEqual({
      status: 125, stdout: '',
      stderr: `czemu: ${path}: undefined instruction 0xe7f000f0 at 0x00008004 with no handler at vector 0x00000004 (after 2 instructions)\n`,
    });
  });

  it('delivers exceptions to the guest vectors in the right mode and with the return link', async () => {
    expect(await cli(['run', buildElf(VECTORS, 0).path])).toEqual({ status: 0x42, stdout: '', stderr: '' });
  });

  it('starts a Thumb entry point in Thumb state', () => {
    expect(runBareMetal(buildElf(THUMB).bytes, { console: () => {} })).toEqual({ kind: 'exit', status: 0, executed: 3 });
  });

  it('runBareMetal reports the same outcomes as data', () => {
    const out: number[] = [];
    expect(runBareMetal(buildElf(EXIT3).bytes, { console: (b) => out.push(b) }))
      .toEqual({ kind: 'exit', status: 3, executed: 6 });
    expect(String.fromCharCode(...out)).toBe('hi from semihosting\n');
    expect(runBareMetal(buildElf(SPIN).bytes, { console: () => {}, maxInsns: 100 }))
      .toEqual({ kind: 'max-insns', executed: 100 });
  });
});

describe('czemu bad input', () => {
  const cases: [string[], string][] = [
    [['run'], "czemu: run: missing IMAGE (see 'czemu run --help')"],
    [['run', 'a.elf', 'b.elf'], "czemu: run: unexpected argument 'b.elf'"],
    [['run', '/nonexistent/x.elf'], 'czemu: cannot read /nonexistent/x.elf: no such file'],
    [['run', 'tests'], 'czemu: cannot read tests: is a directory'],
    [['run', 'notelf'], 'czemu: notelf: not an ELF file (bad magic)'],
    [['frob'], `czemu: unknown command 'frob' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`],
    [['run', '--bogus', 'x'], "czemu: unknown option '--bogus' (see 'czemu run --help')"],
    [['--bogus'], "czemu: unknown option '--bogus' (see 'czemu --help')"],
    [['run', 'x', '--max-insns'], "czemu: option '--max-insns' needs a value (N)"],
    [['run', 'x', '--max-insns=1.5'], "czemu: option '--max-insns' needs a whole number (e.g. 10M), got '1.5'"],
    [['run', 'x', '--max-insns', '0'], "czemu: option '--max-insns' must be at least 1, got 0"],
    [['run', 'x', '--ram-size', '1000'], "czemu: option '--ram-size' must be a multiple of 4K from 4K to 256M, got 1000"],
    [['run', 'x', '--ram-size', '512M'], "czemu: option '--ram-size' must be a multiple of 4K from 4K to 256M, got 536870912"],
    [['run', 'x', '--help=yes'], "czemu: option '--help' takes no value"],
  ];
  for (const [argv, line] of cases) {
    it(argv.join(' '), async () => {
      const r = await cli(argv, { notelf: new TextEncoder().encode('#!/bin/sh\n') });
      expect(r).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
    });
  }

  it('a segment outside RAM', async () => {
    const r = await cli(['run', 'images/cpu/hello.elf', '--ram-size', '0x8000']);
    expect(r.stderr).toBe('czemu: images/cpu/hello.elf: segment 0 at physical 0x10000 (0x1b08 bytes) is outside RAM (0x0-0x7fff)\n');
    expect(r.status).toBe(2);
  });

  it('an internal error is one line with status 70', async () => {
    const io: CliIo = {
      stdout: () => {}, stderr: (t) => lines.push(t), readFile: () => { throw new TypeError('boom\nat x'); },
    };
    const lines: string[] = [];
    expect(await runCli(['run', 'x'], io)).toBe(70);
    expect(lines).toEqual(['czemu: internal error: boom\n']);
  });
});

describe('czemu help and version', () => {
  it('--version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ status: 0, stdout: `czemu ${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the commands and options', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    // One line per command of the table, names and arguments padded to a common width.
    const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
    const n = COMMANDS.length;
    expect(r.stdout.split('\n').slice(2, 10 + n)).toEqual([
      'Usage: czemu COMMAND [options]',
      '',
      'Commands:',
      ...COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`),
      '',
      'Options:',
      '  -h, --help     show this help and exit',
      '  -V, --version  print the version and exit',
      '',
    ]);
    expect(r.stdout).toContain('\n  run IMAGE ');
    expect(r.stdout).toContain(' run a bare-metal ELF image with semihosting (UART and SYS_EXIT)\n');
  });

  it('no arguments prints the help on stderr with status 2', async () => {
    const r = await cli([]);
    expect([r.status, r.stdout, r.stderr.split('\n')[2]]).toEqual([2, '', 'Usage: czemu COMMAND [options]']);
  });

  it('run --help shows every option from the table', async () => {
    const r = await cli(['run', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Usage: czemu run IMAGE [options]');
    expect(r.stdout).toContain('\n  -h, --help             show this help and exit\n');
    expect(r.stdout).toContain('\n      --max-insns N      stop after N instructions with status 124 (k, M, G: 10^3, 10^6, 10^9)\n');
    expect(r.stdout).toContain('\n      --ram-size N       RAM at physical 0 in bytes, a multiple of 4K up to 256M (default 128M)\n');
    expect((await cli(['help', 'run'])).stdout).toBe(r.stdout);
  });
});

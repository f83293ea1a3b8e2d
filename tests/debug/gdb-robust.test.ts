import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/command.ts';
import { encodePacket } from '../../src/emulator/debug/gdb/packet.ts';

/**
 * The stub must survive any client: malformed, oversized and unknown packets over a real socket,
 * a client that disconnects mid-packet, a breakpoint on an unmapped address, memory reads of pages
 * the task never touched. czemu keeps running and answers per the protocol.
 */
const root = resolve(import.meta.dirname, '../..');

function startCzemu(argv: string[]) {
  let stdout = '';
  let onPort: (port: number) => void = () => {};
  const port = new Promise<number>((res) => (onPort = res));
  const io: CliIo = {
    stdout: (d) => {
      stdout += typeof d === 'string' ? d : Buffer.from(d).toString('latin1');
    },
    stderr: (t) => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(t);
      if (m !== null) onPort(Number(m[1]));
    },
    readFile: (p) => new Uint8Array(readFileSync(resolve(root, p))),
  };
  return { port, status: runCli(argv, io), stdout: () => stdout };
}

/** A raw RSP client: send bytes, await the next `$...#xx` reply (acks stripped). */
class Client {
  private buf = '';
  private waiters: (() => void)[] = [];
  constructor(readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf += d.toString('latin1');
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static async open(port: number): Promise<Client> {
    const sock = connect(port, '127.0.0.1');
    await new Promise<void>((res) => sock.once('connect', () => res()));
    return new Client(sock);
  }

  raw(s: string | Uint8Array): void {
    this.sock.write(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  }

  /** Sends packet `p` and returns the payload of the reply. */
  async ask(p: string): Promise<string> {
    this.raw(encodePacket(p));
    return this.reply();
  }

  async reply(): Promise<string> {
    for (;;) {
      const m = /\$([^#]*)#[0-9a-f]{2}/.exec(this.buf);
      if (m !== null) {
        this.buf = this.buf.slice(m.index + m[0].length);
        this.raw('+');
        return m[1]!;
      }
      await new Promise<void>((res) => this.waiters.push(res));
    }
  }

  /** Waits until `s` has arrived (or 5 s passed). */
  async until(s: string): Promise<void> {
    const end = Date.now() + 5000;
    while (!this.buf.includes(s) && Date.now() < end) await new Promise((res) => setTimeout(res, 10));
  }

  /** Everything received so far (acks and NACKs included), then cleared. */
  take(): string {
    const s = this.buf;
    this.buf = '';
    return s;
  }
}

const settle = () => new Promise((res) => setTimeout(res, 50));

/**
 * Connects once the stub has noticed that the previous client left: until then it refuses a second
 * client by closing the socket, so retry rather than guess how long the close takes under load.
 */
async function openWhenFree(port: number): Promise<Client> {
  for (let i = 0; i < 200; i++) {
    const c = await Client.open(port);
    const refused = new Promise<boolean>((res) => c.sock.once('close', () => res(false)));
    if (await Promise.race([c.ask('qC').then(() => true), refused])) return c;
    await settle();
  }
  throw new Error('the stub never accepted a new client');
}

describe('gdb stub robustness over a real socket', () => {
  it('answers malformed, oversized and unknown packets, survives a mid-packet disconnect', async () => {
    const cz = startCzemu(['boot', 'images/user/hello.elf', '--gdb', '0', '--wait']);
    const port = await cz.port;

    // A client that vanishes in the middle of a packet leaves czemu waiting for the next one.
    const a = await Client.open(port);
    a.raw('$qSupported:multipro');
    a.sock.destroy();

    const c = await openWhenFree(port);
    expect(await c.ask('?')).toBe('T05thread:2;');
    c.take();
    c.raw('$g#00'); // bad checksum: NACK
    await c.until('-');
    expect(c.take()).toBe('-');
    expect(await c.ask('vFooBar')).toBe(''); // unknown: empty reply
    expect(await c.ask('qNoSuchQuery')).toBe('');
    expect(await c.ask('m10000000')).toBe('E01'); // malformed
    expect(await c.ask('mzz,4')).toBe('E01');
    expect(await c.ask('M10000000,4:zz')).toBe('E01');
    expect(await c.ask('Hg99')).toBe('E01'); // no such thread
    expect(await c.ask('p99')).toBe('E01');
    expect(await c.ask('Z9,10000000,4')).toBe('E01');
    c.raw(`$${'A'.repeat(100_000)}#00`); // oversized: NACK, not a crash
    await c.until('-');
    expect(c.take()).toContain('-');

    // Pages never touched read as unavailable, without faulting them in; writes there fail.
    expect(await c.ask('m30000000,4')).toBe('E14');
    expect(await c.ask('m10000000,4')).toBe('E14'); // text not faulted in yet: reading leaves it so
    expect(await c.ask('m10000000,4')).toBe('E14');
    expect(await c.ask('M30000000,4:00000000')).toBe('E14');
    expect(await c.ask('qRcmd,' + Buffer.from('pt 2 0x30000000').toString('hex'))).toMatch(/^O/);
    expect(await c.reply()).toBe('OK');
    expect(await c.ask('qRcmd,' + Buffer.from('bogus').toString('hex'))).toMatch(/^O/);
    expect(await c.reply()).toBe('OK');

    // A breakpoint on an unmapped address is accepted and never hit; the program runs to its end.
    expect(await c.ask('Z0,30000000,4')).toBe('OK');
    expect(await c.ask('vCont;c')).toBe('W00');
    c.sock.destroy();
    expect(await cz.status).toBe(0);
    expect(cz.stdout()).toBe('Hello from czemu, tid 2\n');
  });

  it('a second client is refused while one is attached; detach lets the program finish', async () => {
    const cz = startCzemu(['boot', 'images/user/hello.elf', '--gdb', '0', '--wait']);
    const port = await cz.port;
    const c = await Client.open(port);
    expect(await c.ask('qfThreadInfo')).toBe('m2');
    expect(await c.ask('qThreadExtraInfo,2')).toBe(Buffer.from('task 2 (hello) ready').toString('hex'));
    const second = connect(port, '127.0.0.1');
    second.on('error', () => {});
    await new Promise<void>((res) => second.on('close', () => res()));
    expect(await c.ask('s')).toMatch(/^T05thread:2;$/);
    expect(await c.ask('D')).toBe('OK');
    expect(await cz.status).toBe(0);
    expect(cz.stdout()).toBe('Hello from czemu, tid 2\n');
  });
});

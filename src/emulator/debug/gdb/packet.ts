/**
 * GDB remote serial protocol framing: `$payload#cc` with a modulo-256 checksum, `}`-escaping of
 * `$ # } *` (byte ^ 0x20), run-length encoding (`*`) on input, acknowledgements and the 0x03
 * interrupt byte. The decoder is incremental and never throws: malformed input is reported as an
 * event so the server can answer per the protocol and keep going.
 */

/** What the decoder found in the byte stream. */
export type RspEvent =
  | { kind: 'packet'; payload: Uint8Array }
  | { kind: 'bad-checksum' }
  | { kind: 'ack' }
  | { kind: 'nack' }
  | { kind: 'interrupt' }
  | { kind: 'overflow' };

/** Longest payload accepted; larger packets are dropped with an `overflow` event (and a NACK). */
export const MAX_PACKET = 0x4000;

const enum St { Idle, Body, Escape, Sum1, Sum2 }

export class RspDecoder {
  private state = St.Idle;
  private buf = new Uint8Array(MAX_PACKET);
  private len = 0;
  private sum = 0;
  private given = 0;
  private overflowed = false;

  /** Feeds received bytes; returns the events they complete, in order. */
  push(data: Uint8Array): RspEvent[] {
    const out: RspEvent[] = [];
    for (const b of data) {
      switch (this.state) {
        case St.Idle:
          if (b === 0x24) {
            this.state = St.Body;
            this.len = 0;
            this.sum = 0;
            this.overflowed = false;
          } else if (b === 0x2b) out.push({ kind: 'ack' });
          else if (b === 0x2d) out.push({ kind: 'nack' });
          else if (b === 0x03) out.push({ kind: 'interrupt' });
          break; // anything else between packets is line noise
        case St.Body:
          if (b === 0x23) {
            this.state = St.Sum1;
            break;
          }
          this.sum = (this.sum + b) & 0xff;
          if (b === 0x7d) this.state = St.Escape;
          else this.append(b);
          break;
        case St.Escape:
          this.sum = (this.sum + b) & 0xff;
          this.append(b ^ 0x20);
          this.state = St.Body;
          break;
        case St.Sum1:
          this.given = hexValue(b) << 4;
          this.state = St.Sum2;
          if (this.given < 0) this.given = -1;
          break;
        case St.Sum2: {
          const lo = hexValue(b);
          this.state = St.Idle;
          if (this.overflowed) out.push({ kind: 'overflow' });
          else if (this.given < 0 || lo < 0 || (this.given | lo) !== this.sum) out.push({ kind: 'bad-checksum' });
          else out.push({ kind: 'packet', payload: expandRle(this.buf.subarray(0, this.len)) });
          break;
        }
      }
    }
    return out;
  }

  private append(b: number): void {
    if (this.len >= MAX_PACKET) {
      this.overflowed = true;
      return;
    }
    this.buf[this.len++] = b;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Expands `X*n` run-length sequences (repeat X (n - 29) more times); gdb may send them. */
function expandRle(p: Uint8Array): Uint8Array {
  if (!p.includes(0x2a)) return p.slice();
  const out: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0x2a && out.length > 0 && i + 1 < p.length) {
      const n = p[++i]! - 29;
      const last = out[out.length - 1]!;
      for (let k = 0; k < n; k++) out.push(last);
    } else out.push(p[i]!);
  }
  return Uint8Array.from(out);
}

/** Frames `payload` as `$...#cc`, escaping the bytes the protocol reserves. */
export function encodePacket(payload: string | Uint8Array): Uint8Array {
  const src = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const out: number[] = [0x24];
  let sum = 0;
  for (const b of src) {
    if (b === 0x23 || b === 0x24 || b === 0x7d || b === 0x2a) {
      out.push(0x7d, b ^ 0x20);
      sum += 0x7d + (b ^ 0x20);
    } else {
      out.push(b);
      sum += b;
    }
  }
  sum &= 0xff;
  out.push(0x23, ...Buffer.from(sum.toString(16).padStart(2, '0')));
  return Uint8Array.from(out);
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Bytes of a hex string, or undefined when it is not an even-length hex string. */
export function fromHex(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** A 32-bit value as 8 hex digits in target (little-endian) byte order, as `g`/`p` want. */
export function le32Hex(v: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b.toString('hex');
}

/** Parses 8 little-endian hex digits back into a 32-bit value, or undefined. */
export function parseLe32Hex(s: string): number | undefined {
  const b = fromHex(s);
  if (b === undefined || b.length !== 4) return undefined;
  return Buffer.from(b).readUInt32LE(0);
}

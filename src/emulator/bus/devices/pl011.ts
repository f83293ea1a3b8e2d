import type { Device } from '../device.ts';

/** Where UART output goes: one byte at a time. */
export type ByteSink = (byte: number) => void;

/** Physical base of UART0 on the Versatile PB. */
export const PL011_BASE = 0x101f1000;

/**
 * ARM PrimeCell PL011 UART, transmit side. DR writes go to the sink at once (the FIFO never fills,
 * so FR.TXFF stays 0 and FR.TXFE 1); there is no input, so FR.RXFE stays 1 and DR reads 0.
 * Control registers keep what was written; the ID registers read as the PL011's.
 *
 *   0x00 DR  0x18 FR  0x24 IBRD  0x28 FBRD  0x2C LCR_H  0x30 CR  0x34 IFLS  0x38 IMSC
 *   0x3C RIS 0x40 MIS 0x44 ICR  0xFE0-0xFFC PeriphID/PCellID
 */
export class Pl011 implements Device {
  readonly name = 'pl011';
  sink: ByteSink;
  ibrd = 0;
  fbrd = 0;
  lcrh = 0;
  cr = 0x300;
  ifls = 0x12;
  imsc = 0;
  /** Bytes written to DR since creation. */
  written = 0;

  constructor(sink: ByteSink) {
    this.sink = sink;
  }

  /** Register read; unknown offsets read as 0. */
  read(offset: number, size: 1 | 2 | 4): number {
    void size;
    switch (offset) {
      case 0x18: return 0x90; // TXFE | RXFE
      case 0x24: return this.ibrd;
      case 0x28: return this.fbrd;
      case 0x2c: return this.lcrh;
      case 0x30: return this.cr;
      case 0x34: return this.ifls;
      case 0x38: return this.imsc;
      case 0x3c: return 0x20; // TXRIS: the transmit FIFO is always below its level
      case 0x40: return 0x20 & this.imsc;
      case 0xfe0: return 0x11;
      case 0xfe4: return 0x10;
      case 0xfe8: return 0x14;
      case 0xfec: return 0x00;
      case 0xff0: return 0x0d;
      case 0xff4: return 0xf0;
      case 0xff8: return 0x05;
      case 0xffc: return 0xb1;
      default: return 0;
    }
  }

  /** Register write; DR sends its low byte to the sink. */
  write(offset: number, value: number, size: 1 | 2 | 4): void {
    void size;
    switch (offset) {
      case 0x00:
        this.written++;
        this.sink(value & 0xff);
        break;
      case 0x24: this.ibrd = value & 0xffff; break;
      case 0x28: this.fbrd = value & 0x3f; break;
      case 0x2c: this.lcrh = value & 0xff; break;
      case 0x30: this.cr = value & 0xffff; break;
      case 0x34: this.ifls = value & 0x3f; break;
      case 0x38: this.imsc = value & 0x7ff; break;
      default: break;
    }
  }
}

/**
 * Emulated physical RAM: one ArrayBuffer seen through 8-, 16- and 32-bit views.
 * The host is little-endian (x86-64, arm64), as the guest is, so the typed views give guest byte order
 * without swapping. The 32-bit view is signed because the CPU keeps registers as int32.
 */
export type PAddr = number;

export class Ram {
  readonly size: number;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;

  /** Allocates `size` bytes of zeroed RAM; size must be a non-zero multiple of 4 KB. */
  constructor(size: number) {
    if (size <= 0 || size % 4096 !== 0 || size > 0x40000000) {
      throw new RangeError(`RAM size must be a multiple of 4 KB up to 1 GB, got ${size}`);
    }
    this.size = size;
    const buf = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i32 = new Int32Array(buf);
  }

  /** Copies `data` into RAM at physical `pa`; throws RangeError when it does not fit. */
  load(pa: PAddr, data: Uint8Array): void {
    if (pa < 0 || pa + data.length > this.size) {
      throw new RangeError(`0x${pa.toString(16)}+0x${data.length.toString(16)} is outside RAM`);
    }
    this.u8.set(data, pa);
  }
}

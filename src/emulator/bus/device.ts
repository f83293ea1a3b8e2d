/**
 * A memory-mapped device on the physical bus. Offsets are relative to the device's base; `size` is
 * the access width in bytes (1, 2 or 4). Reads return the value zero-extended to the width.
 */
export interface Device {
  readonly name: string;
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, value: number, size: 1 | 2 | 4): void;
}

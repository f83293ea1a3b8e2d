import type { Device } from './device.ts';
import { Ram, type PAddr } from './ram.ts';

/** One device window on the physical bus. */
export interface Region {
  readonly base: PAddr;
  readonly size: number;
  readonly device: Device;
}

/**
 * The physical address space: RAM from 0 up to ram.size, then a table of device regions.
 * Accesses that hit neither read as 0 and ignore writes (`unmapped` counts them), which is what the
 * Versatile PB's bus does for absent peripherals; the MMU never produces an external abort here.
 */
export class Bus {
  readonly ram: Ram;
  private readonly regions: Region[] = [];
  unmapped = 0;

  constructor(ram: Ram) {
    this.ram = ram;
  }

  /** Maps `device` at [base, base+size); fails when the window overlaps RAM or another device. */
  attach(base: PAddr, size: number, device: Device): void {
    if (base < this.ram.size) throw new RangeError(`device ${device.name} overlaps RAM`);
    for (const r of this.regions) {
      if (base < r.base + r.size && r.base < base + size) {
        throw new RangeError(`device ${device.name} overlaps ${r.device.name}`);
      }
    }
    this.regions.push({ base, size, device });
  }

  /** The region holding physical address `pa`, or undefined. */
  regionAt(pa: PAddr): Region | undefined {
    for (const r of this.regions) if (pa >= r.base && pa < r.base + r.size) return r;
    return undefined;
  }

  /** True when `pa` is backed by RAM (so the MMU may cache a direct RAM translation). */
  isRam(pa: PAddr): boolean {
    return pa >= 0 && pa < this.ram.size;
  }

  /** Reads `size` bytes at physical `pa` (which must be size-aligned); int32 for words. */
  read(pa: PAddr, size: 1 | 2 | 4): number {
    const ram = this.ram;
    if (pa < ram.size) {
      if (size === 4) return ram.i32[pa >>> 2]!;
      if (size === 2) return ram.u16[pa >>> 1]!;
      return ram.u8[pa]!;
    }
    const r = this.regionAt(pa);
    if (r === undefined) {
      this.unmapped++;
      return 0;
    }
    const v = r.device.read(pa - r.base, size);
    return size === 4 ? v | 0 : v;
  }

  /** Writes `size` bytes of `value` at physical `pa` (size-aligned). */
  write(pa: PAddr, value: number, size: 1 | 2 | 4): void {
    const ram = this.ram;
    if (pa < ram.size) {
      if (size === 4) ram.i32[pa >>> 2] = value;
      else if (size === 2) ram.u16[pa >>> 1] = value;
      else ram.u8[pa] = value;
      return;
    }
    const r = this.regionAt(pa);
    if (r === undefined) {
      this.unmapped++;
      return;
    }
    r.device.write(pa - r.base, size === 4 ? value >>> 0 : value & (size === 2 ? 0xffff : 0xff), size);
  }
}

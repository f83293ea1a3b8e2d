import { Bus } from './bus/bus.ts';
import { PL011_BASE, Pl011, type ByteSink } from './bus/devices/pl011.ts';
import { Ram } from './bus/ram.ts';
import { Cp15 } from './cp15/cp15.ts';
import { Cpu, type Delivery } from './cpu/cpu.ts';
import type { Exit } from './cpu/events.ts';
import { Mmu } from './mmu/mmu.ts';

export interface MachineOptions {
  /** RAM size in bytes at physical 0; default 128 MB. */
  ramSize?: number;
  /** Exception delivery; default 'vector'. */
  delivery?: Delivery;
  /** UART output; default discards. */
  uart?: ByteSink;
}

/**
 * An ARM926EJ-S machine in the shape of a Versatile PB: RAM at 0, the PL011 at 0x101F1000, CP15
 * and the MMU. It knows nothing of L4: hosts drive it through run() and the state accessors.
 */
export class Machine {
  readonly ram: Ram;
  readonly bus: Bus;
  readonly cp15: Cp15;
  readonly mmu: Mmu;
  readonly cpu: Cpu;
  readonly uart: Pl011;

  constructor(opts: MachineOptions = {}) {
    this.ram = new Ram(opts.ramSize ?? 128 * 1024 * 1024);
    this.bus = new Bus(this.ram);
    this.uart = new Pl011(opts.uart ?? (() => {}));
    this.bus.attach(PL011_BASE, 0x1000, this.uart);
    this.cp15 = new Cp15();
    this.mmu = new Mmu(this.bus, this.cp15);
    this.cpu = new Cpu(this.mmu, this.cp15);
    this.cpu.delivery = opts.delivery ?? 'vector';
  }

  /** Executes at most `budget` instructions; see Exit for why it returned. */
  run(budget: number): Exit {
    return this.cpu.run(budget);
  }

  /** Resets CPU and CP15 to their power-on state (RAM is kept). */
  reset(): void {
    this.cpu.resetRegisters();
    this.cp15.reset();
    this.mmu.setUser(false);
    this.mmu.flushTlb();
    this.cpu.invalidateAllCode();
  }

  /**
   * Host write of physical memory (loaders, the kernel's page copies): keeps the decoded
   * instruction cache coherent. Throws RangeError outside RAM.
   */
  writePhys(pa: number, data: Uint8Array): void {
    this.ram.load(pa, data);
    this.touchPhys(pa, data.length);
  }

  /** Tells the CPU that the host changed RAM in [pa, pa+len) by other means. */
  touchPhys(pa: number, len: number): void {
    if (len <= 0) return;
    const codePages = this.mmu.codePages;
    for (let p = pa >>> 12; p <= (pa + len - 1) >>> 12; p++) {
      if (codePages[p] === 1) this.cpu.invalidateCode(p);
    }
  }
}

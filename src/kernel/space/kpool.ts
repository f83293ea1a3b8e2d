import type { Arch, PAddr } from '../arch/machine.ts';
import { KERNEL_POOL_END, KERNEL_POOL_START } from './layout.ts';

/** The kernel pool ran out: too many address spaces or page tables. */
export class KernelPoolExhausted extends Error {
  constructor(what: string) {
    super(`kernel pool exhausted allocating ${what}`);
    this.name = 'KernelPoolExhausted';
  }
}

/**
 * Allocator of kernel-reserved physical memory: 16 KB first-level tables (16 KB aligned, as TTBR
 * requires), 4 KB pages and 1 KB second-level tables, carved from [KERNEL_POOL_START,
 * KERNEL_POOL_END). Everything handed out is zeroed, and freed blocks are reused, so spaces that
 * come and go (fork, exit) do not leak page tables. Guests can never map this range (map refuses).
 */
export class KernelPool {
  private readonly arch: Arch;
  private next = KERNEL_POOL_START;
  private readonly freeL1: PAddr[] = [];
  private readonly freePages: PAddr[] = [];
  private readonly freeL2: PAddr[] = [];
  /** Blocks currently allocated, by kind (leak checks in tests). */
  readonly inUse = { l1: 0, l2: 0, page: 0 };

  constructor(arch: Arch) {
    this.arch = arch;
  }

  /** True when `pa` lies in the kernel pool. */
  static contains(pa: PAddr): boolean {
    return pa >= KERNEL_POOL_START && pa < KERNEL_POOL_END;
  }

  private carve(size: number, what: string): PAddr {
    const pa = Math.ceil(this.next / size) * size;
    if (pa + size > KERNEL_POOL_END) throw new KernelPoolExhausted(what);
    // Pages skipped to reach the alignment stay usable for small blocks.
    for (let p = this.next; p < pa; p += 4096) this.freePages.push(p);
    this.next = pa + size;
    return pa;
  }

  /** A zeroed 16 KB-aligned first-level table; throws KernelPoolExhausted. */
  allocL1(): PAddr {
    const pa = this.freeL1.pop() ?? this.carve(16384, 'a first-level table');
    this.arch.zero(pa, 16384);
    this.inUse.l1++;
    return pa;
  }

  /** Returns a first-level table to the pool. */
  freeL1Table(pa: PAddr): void {
    this.freeL1.push(pa);
    this.inUse.l1--;
  }

  /** A zeroed 4 KB page; throws KernelPoolExhausted. */
  allocPage(): PAddr {
    const pa = this.freePages.pop() ?? this.carve(4096, 'a page');
    this.arch.zero(pa, 4096);
    this.inUse.page++;
    return pa;
  }

  /** A zeroed 1 KB second-level table; throws KernelPoolExhausted. */
  allocL2(): PAddr {
    if (this.freeL2.length === 0) {
      const page = this.freePages.pop() ?? this.carve(4096, 'a second-level table');
      for (let i = 3; i >= 0; i--) this.freeL2.push(page + i * 1024);
    }
    const pa = this.freeL2.pop()!;
    this.arch.zero(pa, 1024);
    this.inUse.l2++;
    return pa;
  }

  /** Returns a second-level table to the pool. */
  freeL2Table(pa: PAddr): void {
    this.freeL2.push(pa);
    this.inUse.l2--;
  }
}

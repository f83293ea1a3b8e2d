import type { Kernel } from '../kernel.ts';
import type { BootImageInfo } from '../service.ts';
import {
  MAP_SVC_RW_FLAGS, MAP_USR_IO_FLAGS, MAP_USR_RO_FLAGS, smallPage,
} from '../space/descriptors.ts';
import {
  INITIAL_KERNEL_GRANT, KERNEL_POOL_END, KIP_VIRT, SYSCALL_PAGE_VIRT, UART_PHYS, UART_VIRT,
  USER_AREA_END, USER_AREA_START, VECTOR_VIRT,
} from '../space/layout.ts';
import { buildBootdesc, buildPageMap } from './bootinfo.ts';
import { buildKip, buildSyscallPage } from './kip.ts';

/** One loadable segment of a boot image (an ELF PT_LOAD). */
export interface BootSegment {
  vaddr: number;
  /** The file bytes (p_filesz of them); the rest up to memsz is zero (bss). */
  data: Uint8Array;
  memsz: number;
  writable: boolean;
}

export interface BootImage {
  name: string;
  entry: number;
  segments: readonly BootSegment[];
}

/** A boot image the kernel cannot place: one clear line for the user. */
export class BootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootError';
  }
}

/**
 * Sets up the fixed mappings every space shares (ABI §1.1, §4, §5.1, §7.6): the KIP at
 * 0xFF000000 (user RO), the vector page at 0xFFFF0000 (kernel-only, where Codezero left it user
 * RW by accident), the syscall page at 0xFFFFF000 (user RO) and the UART at 0x00500000 (user RW
 * uncached). Their frames come from the kernel pool, which guests can never map.
 */
export function setupFixedMappings(k: Kernel): void {
  const kip = k.pool.allocPage();
  k.arch.writeBytes(kip, buildKip());
  const sys = k.pool.allocPage();
  k.arch.writeBytes(sys, buildSyscallPage());
  const vec = k.pool.allocPage();
  const put = (va: number, pa: number, flags: number) => {
    const l2 = k.shared.get(va >>> 20)!;
    k.arch.write32(l2 + ((va >>> 12) & 0xff) * 4, smallPage(pa, flags));
  };
  put(KIP_VIRT, kip, MAP_USR_RO_FLAGS);
  put(VECTOR_VIRT, vec, MAP_SVC_RW_FLAGS);
  put(SYSCALL_PAGE_VIRT, sys, MAP_USR_RO_FLAGS);
  put(UART_VIRT, UART_PHYS, MAP_USR_IO_FLAGS);
  k.pageTablesChanged();
}

/**
 * Loads `images` into physical memory the way Codezero's loader chained them: each image's pages
 * [page_align(lowest vaddr), page_align_up(highest vaddr + memsz)) are copied to consecutive
 * physical pages from KERNEL_POOL_END, bss zeroed. Builds the boot descriptor and the page map
 * (everything up to 1 MB past the last image used) and records the images for the pager.
 * Throws BootError for an image with no segments or a segment outside the user area.
 */
export function loadBootImages(k: Kernel, images: readonly BootImage[]): BootImageInfo[] {
  let next = KERNEL_POOL_END;
  const infos: BootImageInfo[] = [];
  for (const img of images) {
    if (img.segments.length === 0) throw new BootError(`${img.name}: no loadable segments`);
    let lo = Infinity;
    let hi = 0;
    for (const s of img.segments) {
      const end = s.vaddr + s.memsz;
      if (s.vaddr < USER_AREA_START || end > USER_AREA_END || s.data.length > s.memsz) {
        throw new BootError(
          `${img.name}: segment at 0x${(s.vaddr >>> 0).toString(16)} (0x${s.memsz.toString(16)} bytes) `
          + 'falls outside the user area 0x10000000-0x20000000');
      }
      lo = Math.min(lo, s.vaddr);
      hi = Math.max(hi, end);
    }
    const virtBase = lo & ~0xfff;
    const size = Math.ceil((hi - virtBase) / 4096) * 4096;
    if (next + size + INITIAL_KERNEL_GRANT > k.arch.ramSize) throw new BootError(`${img.name}: does not fit in RAM`);
    k.arch.zero(next, size);
    for (const s of img.segments) k.arch.writeBytes(next + (s.vaddr - virtBase), s.data);
    const writable = img.segments.filter((s) => s.writable && s.memsz > 0).map((s) => ({
      start: s.vaddr & ~0xfff, end: Math.ceil((s.vaddr + s.memsz) / 4096) * 4096,
    }));
    infos.push({
      name: img.name, physStart: next, physEnd: next + size, virtBase, entry: img.entry >>> 0, writable,
    });
    next += size;
  }
  const usedEnd = next + INITIAL_KERNEL_GRANT;
  k.images = infos;
  k.firstFree = usedEnd;
  k.pageMap = buildPageMap(usedEnd, k.arch.ramSize);
  k.bootdesc = buildBootdesc(infos);
  return infos;
}

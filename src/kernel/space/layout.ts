/**
 * czemu's physical and virtual memory map (ABI §7.1, §7.5).
 *
 * Physical (128 MB of RAM at 0):
 *
 *   0x00000000 +----------------------------+
 *              | unused (Codezero's reset    |
 *              | area; never handed out)     |
 *   0x00100000 +----------------------------+ KERNEL_POOL_START
 *              | kernel pool: KIP, syscall   |
 *              | and vector pages, L1 tables |
 *              | (16 KB) and L2 tables (1 KB)|
 *   0x00800000 +----------------------------+ KERNEL_POOL_END = first boot image
 *              | boot images, page-aligned,  |
 *              | one after the other         |
 *              +----------------------------+
 *              | 1 MB initial kernel grant   | (marked used, as Codezero's pgalloc did)
 *              +----------------------------+
 *              | free: the pager's frames    |
 *   0x08000000 +----------------------------+
 *
 * Virtual, in every address space:
 *
 *   0x00500000  PL011 UART0 registers, user RW uncached (phys 0x101F1000)   shared L2
 *   0x10000000  user task area (images at 0x10000000, stack 0x1FFFB000-0x1FFFF000,
 *               env page 0x1FFFF000)
 *   0x20000000  shm area
 *   0xE0000000  pager area (empty: czemu's pager is hosted)
 *   0xF0000000  kernel area (empty: czemu's kernel is hosted)
 *   0xF8000000  utcb area, one page per task
 *   0xFF000000  KIP, user RO                                                  shared L2
 *   0xFFFF0000  vector page, kernel-only                                      shared L2
 *   0xFFFFF000  syscall page, user RO                                         shared L2
 */
export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
export const RAM_SIZE = 0x08000000;
export const KERNEL_POOL_START = 0x00100000;
export const KERNEL_POOL_END = 0x00800000;
export const INITIAL_KERNEL_GRANT = 0x00100000;

export const UART_VIRT = 0x00500000;
export const UART_PHYS = 0x101f1000;
export const USER_AREA_START = 0x10000000;
export const USER_AREA_END = 0x20000000;
export const SHM_AREA_START = 0x20000000;
export const SHM_AREA_END = 0x30000000;
export const PAGER_AREA_START = 0xe0000000;
export const PAGER_AREA_END = 0xf0000000;
export const KERNEL_AREA_START = 0xf0000000;
export const UTCB_AREA_START = 0xf8000000;
export const UTCB_AREA_END = 0xf9000000;
export const KIP_VIRT = 0xff000000;
export const VECTOR_VIRT = 0xffff0000;
export const SYSCALL_PAGE_VIRT = 0xfffff000;

/** 1 MB regions whose second-level tables every space shares (ABI §7.3). */
export const SHARED_SECTIONS: readonly number[] = [UART_VIRT >>> 20, KIP_VIRT >>> 20, VECTOR_VIRT >>> 20];

/** True when the 1 MB section holding `va` is one of the shared ones (maps there would leak). */
export function isSharedSection(va: number): boolean {
  return SHARED_SECTIONS.includes(va >>> 20);
}

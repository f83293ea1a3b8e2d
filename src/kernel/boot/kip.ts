import { KIP_VIRT, SYSCALL_PAGE_VIRT, UTCB_AREA_START } from '../space/layout.ts';

/** swi 0x14: each of the 13 syscall-page slots (ABI §1.1). */
export const SYSCALL_SWI = 0xef000014;
export const SYSCALL_COUNT = 13;
/** KIP offset of the UTCB area pointer (UTCB_KIP_OFFSET). */
export const KIP_UTCB_OFFSET = 0xff0;

/** The KIP entry slots 0x0C-0x3C and the syscall-page offsets they point at (ABI §4). */
const KIP_ENTRIES: readonly [number, number][] = [
  [0x0c, 0x2c], // kmem_control
  [0x10, 0x30], // time
  [0x14, 0x18], // space_control
  [0x18, 0x08], // thread_control
  [0x1c, 0x1c], // ipc_control
  [0x20, 0x20], // map
  [0x24, 0x00], // ipc
  [0x28, 0x28], // kread
  [0x2c, 0x14], // unmap
  [0x30, 0x0c], // exchange_registers
  [0x34, 0x04], // thread_switch
  [0x38, 0x10], // schedule
  [0x3c, 0x24], // getid
];

/**
 * The 4 KB KIP mapped user read-only at 0xFF000000 (ABI §4): magic "L4\x98K", API version 0xBB
 * subversion 1, the 13 entry pointers, kdesc (gendate fixed at 2008-11-10, the 44c3402 date, so
 * that the page is the same on every build), supplier "BBB", and the UTCB area at 0xFF0.
 */
export function buildKip(): Uint8Array {
  const page = new Uint8Array(4096);
  const v = new DataView(page.buffer);
  page.set([0x4c, 0x34, 0x98, 0x4b], 0x00); // 'L', '4', 0x98, 'K'
  v.setUint16(0x04, 0, true);
  v.setUint8(0x06, 1);
  v.setUint8(0x07, 0xbb);
  v.setUint32(0x08, 0, true);
  for (const [off, sys] of KIP_ENTRIES) v.setUint32(off, SYSCALL_PAGE_VIRT + sys, true);
  v.setUint16(0x50, 0, true);
  v.setUint8(0x52, 1);
  v.setUint8(0x53, 0xbb);
  v.setUint16(0x54, ((2008 << 9) | (11 << 5) | 10) & 0xffff, true);
  v.setUint16(0x56, 0, true);
  v.setUint16(0x58, 1, true);
  v.setUint8(0x5a, 0);
  v.setUint8(0x5b, 0);
  page.set([0x42, 0x42, 0x42, 0], 0x5c);
  v.setUint32(KIP_UTCB_OFFSET, UTCB_AREA_START, true);
  void KIP_VIRT;
  return page;
}

/** The syscall page at 0xFFFFF000: 13 × swi 0x14 at 0x00-0x30, the rest zero (ABI §1.1). */
export function buildSyscallPage(): Uint8Array {
  const page = new Uint8Array(4096);
  const v = new DataView(page.buffer);
  for (let i = 0; i < SYSCALL_COUNT; i++) v.setUint32(i * 4, SYSCALL_SWI, true);
  return page;
}

/**
 * ARMv5 short descriptors as Codezero writes them (ABI §2.5, §7.2).
 *
 * First level, coarse:   31            10 9 8   5 4 3 2 1 0
 *                        | L2 base       |0| dom |0|0 0|0 1|     domain 0, bit 4 clear
 * Second level, small:   31            12 11 10 9 8 7 6 5 4 3 2 1 0
 *                        | frame base    | AP3 | AP2 | AP1 | AP0 |C|B|1 0|
 *
 * The five generic map flags and the low 12 bits they produce (all four AP fields equal):
 *   0 MAP_USR_RW_FLAGS 0xFFE   1 MAP_USR_RO_FLAGS 0xAAE   2 MAP_SVC_RW_FLAGS 0x55E
 *   3 MAP_USR_IO_FLAGS 0xFF2   4 MAP_SVC_IO_FLAGS 0x552
 */
export const MAP_USR_RW_FLAGS = 0;
export const MAP_USR_RO_FLAGS = 1;
export const MAP_SVC_RW_FLAGS = 2;
export const MAP_USR_IO_FLAGS = 3;
export const MAP_SVC_IO_FLAGS = 4;

const FLAG_BITS: readonly number[] = [0xffe, 0xaae, 0x55e, 0xff2, 0x552];

/** True for the five flag values map accepts. */
export function validMapFlags(flags: number): boolean {
  return Number.isInteger(flags) && flags >= 0 && flags < FLAG_BITS.length;
}

/** The small-page descriptor mapping frame `pa` with generic `flags` (validMapFlags). */
export function smallPage(pa: number, flags: number): number {
  return ((pa & 0xfffff000) | FLAG_BITS[flags]!) >>> 0;
}

/** The coarse first-level descriptor for a second-level table at physical `l2`. */
export function coarseEntry(l2: number): number {
  return ((l2 & 0xfffffc00) | 1) >>> 0;
}

/** User access a small-page descriptor grants: 0 none, 1 read, 2 read/write (AP0, as all equal). */
export function userAccess(pte: number): 0 | 1 | 2 {
  if ((pte & 3) !== 2) return 0;
  const ap = (pte >>> 4) & 3;
  return ap === 3 ? 2 : ap === 2 ? 1 : 0;
}

/**
 * Processor modes and CPSR bit positions, named as the ARM Architecture Reference Manual names them.
 *
 *   31 30 29 28 27 26 ........ 8 7 6 5 4 ... 0
 *    N  Z  C  V  Q  (reserved)   I F T  M[4:0]
 */
export const MODE_USR = 0x10;
export const MODE_FIQ = 0x11;
export const MODE_IRQ = 0x12;
export const MODE_SVC = 0x13;
export const MODE_ABT = 0x17;
export const MODE_UND = 0x1b;
export const MODE_SYS = 0x1f;

export const CPSR_N = 1 << 31;
export const CPSR_Z = 1 << 30;
export const CPSR_C = 1 << 29;
export const CPSR_V = 1 << 28;
export const CPSR_Q = 1 << 27;
export const CPSR_I = 1 << 7;
export const CPSR_F = 1 << 6;
export const CPSR_T = 1 << 5;

/** Register bank index of a mode: USR and SYS share bank 0; -1 for a reserved mode encoding. */
export function bankOf(mode: number): number {
  switch (mode) {
    case MODE_USR:
    case MODE_SYS:
      return 0;
    case MODE_FIQ:
      return 1;
    case MODE_IRQ:
      return 2;
    case MODE_SVC:
      return 3;
    case MODE_ABT:
      return 4;
    case MODE_UND:
      return 5;
    default:
      return -1;
  }
}

/** Short lower-case name of a mode ("usr", "svc", ...), or "m0xNN" for a reserved encoding. */
export function modeName(mode: number): string {
  const names: Record<number, string> = {
    [MODE_USR]: 'usr', [MODE_FIQ]: 'fiq', [MODE_IRQ]: 'irq', [MODE_SVC]: 'svc',
    [MODE_ABT]: 'abt', [MODE_UND]: 'und', [MODE_SYS]: 'sys',
  };
  return names[mode] ?? `m0x${mode.toString(16)}`;
}

/**
 * The benchmark loops, as ARM words so that czemu, Unicorn and QEMU run the very same bytes (no
 * assembler needed at run time). Each iteration is 10 instructions; r0 counts iterations down and
 * the loop falls through to `swi 0`.
 *
 *   alu:  adds r1,r1,r2 / subs r3,r3,r1 / eors r4,r4,r3 / movs r5,r4,lsr #1 / add r6,r6,r5 /
 *         eor r7,r7,r6 / orr r8,r8,r1 / sub r9,r9,r8 / subs r0,r0,#1 / bne alu / swi 0
 *   ldst: ldr r1,[r10,r11] / add r1,r1,#1 / str r1,[r10,r11] / ldrb r2,[r10,r11] / add r2,r2,#3 /
 *         strb r2,[r10,r11] / add r11,r11,#4 / bic r11,r11,#0x10000 / subs r0,r0,#1 / bne ldst /
 *         swi 0                      (r10 = the 64 KB buffer, r11 = offset wrapping at 64 KB)
 *   thumb: (ARM) mov r7,r10 / add r12,pc,#1 / bx r12, then in Thumb: adds r1,r1,r2 /
 *         subs r3,r3,r1 / eors r4,r3 / lsrs r5,r4,#1 / ldr r6,[r7] / adds r6,r6,r5 / str r6,[r7] /
 *         ldrh r6,[r7,#2] / subs r0,#1 / bne thumb / swi 0          (czemu only)
 */
export interface Workload {
  name: string;
  description: string;
  words: readonly number[];
  /** Instructions per iteration. */
  perIteration: number;
  /** Runs in Thumb state after an ARM prologue (benchmarked on czemu only). */
  thumb?: boolean;
}

export const ALU: Workload = {
  name: 'alu',
  description: 'ALU loop (adds/subs/eors/movs/add/eor/orr/sub/subs/bne)',
  words: [
    0xe0911002, 0xe0533001, 0xe0344003, 0xe1b050a4, 0xe0866005,
    0xe0277006, 0xe1888001, 0xe0499008, 0xe2500001, 0x1afffff5, 0xef000000,
  ],
  perIteration: 10,
};

export const LDST: Workload = {
  name: 'ldst',
  description: 'load/store loop (ldr/str/ldrb/strb over 64 KB)',
  words: [
    0xe79a100b, 0xe2811001, 0xe78a100b, 0xe7da200b, 0xe2822003,
    0xe7ca200b, 0xe28bb004, 0xe3cbb801, 0xe2500001, 0x1afffff5, 0xef000000,
  ],
  perIteration: 10,
};

/** Two Thumb halfwords as one little-endian word (`lo` at the lower address). */
const halves = (lo: number, hi: number): number => (lo | (hi << 16)) >>> 0;

export const THUMB: Workload = {
  name: 'thumb',
  description: 'Thumb loop (adds/subs/eors/lsrs/ldr/adds/str/ldrh/subs/bne)',
  words: [
    0xe1a0700a, 0xe28fc001, 0xe12fff1c,
    halves(0x1889, 0x1a5b), halves(0x405c, 0x0865), halves(0x683e, 0x1976), halves(0x603e, 0x887e),
    halves(0x3801, 0xd1f5), halves(0xdf00, 0x46c0),
  ],
  perIteration: 10,
  thumb: true,
};

/**
 * Virtual layout shared by czemu and Unicorn (czemu maps it through small pages, Unicorn maps it
 * flat with its MMU off):
 *
 *   0x10000000  code (one 4 KB page)
 *   0x10010000  64 KB buffer (16 pages)
 *   0x100FF000  stack page (sp at its top)
 */
export const CODE_VA = 0x10000000;
export const BUF_VA = 0x10010000;
export const BUF_SIZE = 0x10000;
export const STACK_VA = 0x100ff000;

/** Little-endian bytes of a workload's words. */
export function workloadBytes(w: Workload): Uint8Array {
  const out = new Uint8Array(w.words.length * 4);
  const dv = new DataView(out.buffer);
  w.words.forEach((x, i) => dv.setUint32(i * 4, x, true));
  return out;
}

/** Address of the terminating `swi 0` when the loop is loaded at `base`. */
export function endAddress(w: Workload, base: number): number {
  return base + (w.words.length - 1) * 4;
}

/** Initial r0-r12 for `iterations` iterations with the buffer at `buf`. */
export function initialRegisters(iterations: number, buf: number): number[] {
  const r = [iterations, 0x12345678, 0x9e3779b9, 7, 11, 13, 17, 19, 23, 29, buf, 0, 0];
  return r.map((v) => v | 0);
}

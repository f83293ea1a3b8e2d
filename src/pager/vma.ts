/**
 * VM areas of a task (Mach/BSD vm_map entries, cut down to what the boot path needs).
 *
 *   file: private mapping of a boot image's pages; read faults map the image frame read-only,
 *         write faults (writable areas only) copy it into a private frame (copy-on-write).
 *   anon: zero-fill private memory (stack, environment page).
 *   shm:  a System V segment's frames, shared, mapped read/write.
 *
 * The full pager extends `kind` with VM objects and shadow chains (fork COW) behind this shape.
 */
export interface ShmSegment {
  readonly id: number;
  readonly key: number;
  readonly npages: number;
  /** Frames, allocated on first touch (-1 until then). */
  readonly frames: number[];
  attached: number;
}

export type VmaKind =
  | { type: 'file'; physBase: number }
  | { type: 'anon' }
  | { type: 'shm'; seg: ShmSegment };

export interface Vma {
  readonly start: number;
  readonly end: number;
  readonly writable: boolean;
  readonly kind: VmaKind;
}

/** The area holding `va`, or undefined. */
export function findVma(vmas: readonly Vma[], va: number): Vma | undefined {
  return vmas.find((v) => va >= v.start && va < v.end);
}

/** True when [start, end) overlaps an existing area. */
export function overlaps(vmas: readonly Vma[], start: number, end: number): boolean {
  return vmas.some((v) => start < v.end && v.start < end);
}

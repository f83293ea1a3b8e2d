import type { KernelPort } from '../kernel/service.ts';
import type { VfsForPager } from '../vfs/service.ts';
import type { FrameAllocator } from './frames.ts';
import type { ObjectRegistry, ShmSegment } from './object.ts';

/** Event counters the tests and benchmarks read (none of them affects behaviour). */
export interface PagerStats {
  faults: number;
  zeroFills: number;
  cows: number;
  fileReads: number;
  fileWrites: number;
  collapses: number;
  merges: number;
}

/**
 * What every part of the pager works on: the kernel port, the VFS, physical frames, the object
 * registry and the System V segment table. One instance per pager.
 */
export interface VmContext {
  readonly port: KernelPort;
  readonly vfs: VfsForPager;
  readonly frames: FrameAllocator;
  readonly objects: ObjectRegistry;
  /** Segments by shmid (System V and utcb). */
  readonly segments: Map<number, ShmSegment>;
  readonly stats: PagerStats;
}

/** Eight hex digits with 0x, as the kill messages print addresses. */
export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

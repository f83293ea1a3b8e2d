import type { Vma } from './vma.ts';

/** The user stack and environment page of every task (ABI §7.1: 16 KB stack, 4 KB env). */
export const STACK_START = 0x1fffb000;
export const STACK_END = 0x1ffff000;
export const ENV_START = 0x1ffff000;
export const ENV_END = 0x20000000;
/** Initial sp and pc (crt0's __stack and the image base). */
export const INITIAL_SP = 0x1fffeff8;

/** A task as the pager sees it. */
export class Task {
  readonly tid: number;
  readonly name: string;
  readonly vmas: Vma[] = [];
  /** Private frames this task owns, by page address (one reference each). */
  readonly privateFrames = new Map<number, number>();
  utcb = 0;

  constructor(tid: number, name: string) {
    this.tid = tid;
    this.name = name;
  }
}

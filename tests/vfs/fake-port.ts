import type { KernelPort, UserMemory } from '../../src/kernel/service.ts';

/**
 * A Machine-free KernelPort for the VFS tests: per-task user memory as a set of mapped 4 KB pages
 * (anything else faults), physical RAM as one byte array for frames, and a log of kills and prints.
 * Only the calls fs0 makes are real; the rest throw so a test notices an unexpected use.
 */
export class FakePort {
  readonly ram: Uint8Array;
  readonly pages = new Map<number, Map<number, Uint8Array>>();
  /** Pages mapped read-only per task (writes to them fail). */
  readonly readOnly = new Map<number, Set<number>>();
  readonly kills: [number, string, number][] = [];
  readonly lines: string[] = [];

  constructor(ramBytes = 1 << 20) {
    this.ram = new Uint8Array(ramBytes);
  }

  /** Maps a zeroed page at `va` (page-aligned) in task `tid`; returns its bytes. */
  map(tid: number, va: number, readOnly = false): Uint8Array {
    let m = this.pages.get(tid);
    if (m === undefined) this.pages.set(tid, (m = new Map()));
    const p = new Uint8Array(4096);
    m.set(va >>> 0, p);
    if (readOnly) {
      let s = this.readOnly.get(tid);
      if (s === undefined) this.readOnly.set(tid, (s = new Set()));
      s.add(va >>> 0);
    }
    return p;
  }

  /** Writes a NUL-terminated string at `va` (which must be mapped). */
  putString(tid: number, va: number, s: string): void {
    const b = Buffer.from(`${s}\0`);
    if (!this.memory(tid).write(va, b)) throw new Error(`putString: ${va.toString(16)} not mapped`);
  }

  memory(tid: number): UserMemory {
    const page = (va: number, write: boolean): Uint8Array | undefined => {
      const base = (va & ~0xfff) >>> 0;
      if (write && this.readOnly.get(tid)?.has(base)) return undefined;
      return this.pages.get(tid)?.get(base);
    };
    return {
      read: (va, len) => {
        va >>>= 0;
        const out = new Uint8Array(len);
        for (let i = 0; i < len;) {
          const p = page(va + i, false);
          if (p === undefined) return undefined;
          const off = (va + i) & 0xfff;
          const n = Math.min(len - i, 4096 - off);
          out.set(p.subarray(off, off + n), i);
          i += n;
        }
        return out;
      },
      write: (va, data) => {
        va >>>= 0;
        for (let a = (va & ~0xfff) >>> 0; a < va + data.length; a += 4096) if (page(a, true) === undefined) return false;
        for (let i = 0; i < data.length;) {
          const p = page(va + i, true)!;
          const off = (va + i) & 0xfff;
          const n = Math.min(data.length - i, 4096 - off);
          p.set(data.subarray(i, i + n), off);
          i += n;
        }
        return true;
      },
      readString: (va, max) => {
        const b = this.memory(tid).read(va, max);
        if (b === undefined) return undefined;
        const nul = b.indexOf(0);
        return nul < 0 ? undefined : Buffer.from(b.subarray(0, nul)).toString();
      },
    };
  }

  /**
   * The KernelPort fs0 sees: the calls fs0 makes are real; any other member (the interface grows
   * with the pager's needs) is a function that throws, so an unexpected use fails the test.
   */
  port(): KernelPort {
    const impl: Partial<KernelPort> = {
      userMemory: (tid) => this.memory(tid),
      kill: (tid, reason, status) => {
        this.kills.push([tid, reason, status]);
      },
      readFrame: (pa) => this.ram.slice(pa & ~0xfff, (pa & ~0xfff) + 4096),
      writeFrame: (pa, data) => this.ram.set(data.subarray(0, 4096), pa & ~0xfff),
      ramEnd: () => this.ram.length,
      print: (line) => {
        this.lines.push(line);
      },
    };
    return new Proxy(impl, {
      get: (target, key) => (key in target ? target[key as keyof KernelPort] : () => {
        throw new Error(`FakePort: unexpected ${String(key)}`);
      }),
    }) as KernelPort;
  }
}

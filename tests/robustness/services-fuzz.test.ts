import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../src/cli/boot.ts';
import { makePort } from '../../src/kernel/port.ts';
import type { HostedService, RequestKind, ServiceReply } from '../../src/kernel/service.ts';
import { Rng } from '../diff/rng.ts';

/**
 * Host-level fuzzing of the hosted services (the robustness rule: a guest can never crash the
 * host). The real pager and fs0 of `czemu boot` are driven directly through handle() with random
 * requests from known and unknown senders: random tags 0-60 (the fault tag and PAGER_* 41-48
 * included), random request kinds (ipc, fault, pagein), and MR2-MR5 drawn from interesting values
 * (pointers into mapped memory, the utcb area, kernel space, unmapped holes, huge and negative
 * numbers). No exception may escape, every reply's MR0 must be a value or -errno, and the pager's
 * integrity invariants must hold afterwards.
 */

const IMAGES = resolve(import.meta.dirname, '../../images');

const INTERESTING = [
  0, 1, 2, 3, 4, 5, 8, 31, 32, 33, 4095, 4096, 4097, 0x7fffffff, -1, -2, -4096, -0x80000000,
  0x10000000, 0x10001000, 0x10008000, 0x1fffe000, 0x1fffeff8, 0x1ffff000, 0x20000000, 0x00500000,
  0x0f000000, 0xe0000000 | 0, 0xf0000000 | 0, 0xf8000000 | 0, 0xf8001000 | 0, 0xf8002000 | 0,
  0xf8003000 | 0, 0xfffff000 | 0, 0x40000000, 0x3ffff000, 0x01000000, 100000, 1 << 20, 1 << 30,
];

/** A random 32-bit argument: interesting constants, small numbers, page addresses, anything. */
function arg(rng: Rng): number {
  switch (rng.below(6)) {
    case 0: return rng.pick(INTERESTING);
    case 1: return rng.chance(0.7) ? rng.below(6) : rng.below(64);
    case 5: return rng.chance(0.5) ? 0x1fffe000 + rng.below(0x1000) : 0x10000000 + rng.below(0x10000);
    case 2: return (rng.pick(INTERESTING) + rng.below(0x3000)) | 0;
    case 3: return (rng.u32() & ~0xfff) | 0;
    default: return rng.u32() | 0;
  }
}

const DATA = 0x10000000;
const STACK = 0x1fffe000;

/** Arguments near what libposix sends for `tag`, so requests get past the first checks. */
function plausible(rng: Rng, tag: number): number[] {
  const fd = rng.below(5);
  const buf = rng.chance(0.5) ? STACK + rng.below(0x1000) : DATA + rng.below(0x20000);
  const count = rng.chance(0.8) ? rng.below(9000) : arg(rng);
  switch (tag) {
    case 13: case 14: return [fd, buf, count, arg(rng)];
    case 15: return [fd, rng.chance(0.5) ? rng.below(20000) : arg(rng), rng.below(4), 0];
    case 16: case 25: case 24: return [fd, buf, 0, 0];
    case 6: return [rng.pick([0, 1, 2, 0x1234]), rng.chance(0.8) ? rng.below(50000) : arg(rng), rng.pick([0, 0o1000, 0o3000, 0o1644]), 0];
    case 7: return [rng.below(8), rng.chance(0.5) ? 0 : (0xf0000000 + rng.below(0x100) * 0x1000) | 0, rng.pick([0, 0o10000, 0o20000]), 0];
    case 8: case 10: case 11: return [(0x40000000 + rng.below(64) * 0x1000) | 0, rng.below(0x10000), rng.below(8), 0];
    case 28: return [rng.pick([-1, 0, 2, 3, 4, 99]), rng.below(2), 0, 0];
    case 18: return [fd, (0xf8000000 + rng.below(8) * 0x1000 + rng.below(0x1100)) | 0, rng.below(8000), 0];
    default: return [arg(rng), arg(rng), arg(rng), arg(rng)];
  }
}

/** The tags the pager and fs0 serve (protocol.ts, vfs/server.ts), drawn more often. */
const SERVED = [3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 13, 14, 14, 15, 16, 18, 19, 20, 21, 23, 24, 25, 28, 40];

/** Tags whose successful answer is an address, which may read as a negative int32. */
const ADDRESS_TAGS = new Set([4, 7, 9]);

function checkReply(r: ServiceReply, tag: number, where: string): void {
  if (r.kind !== 'reply') return;
  const v = r.mrs[0]!;
  expect(Number.isInteger(v), where).toBe(true);
  if (v < -4095) expect(ADDRESS_TAGS.has(tag), `${where}: MR0 ${v} is neither a value nor -errno`).toBe(true);
}

function boot(names: string[]) {
  return bootSystem(names.map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(`${IMAGES}/${n}.elf`)) })), () => {});
}

function fuzz(seed: number, rounds: number) {
  const sys = boot(['posix/test0', 'posix/errors', 'user/hello']);
  const rng = new Rng(seed);
  const fs0 = sys.kernel.services.get(1)!;
  const services: HostedService[] = [sys.pager, fs0];
  const ok = new Map<string, number>();
  // Give every task open files (fs0 OPEN with O_CREAT, the path in its utcb page) so that
  // READ/WRITE/LSEEK/CLOSE/FSYNC and PAGER_* reach real descriptors, and an mmap block in its data.
  for (const t of sys.pager.tasks.values()) {
    for (const name of ['/a', '/b', `/t${t.tid}`]) {
      const port = makePort(sys.kernel, 1).userMemory(t.tid);
      port.write(t.utcb, new TextEncoder().encode(`${name}\0`));
      const r = fs0.handle({ kind: 'ipc', sender: t.tid, mrs: Int32Array.from([12, t.tid, t.utcb, 0o102, 0o644, 0]), wantsReply: true });
      expect(r.kind === 'reply' && r.mrs[0]! >= 0, `open ${name} for ${t.tid}`).toBe(true);
    }
  }
  for (let i = 0; i < rounds; i++) {
    const live = [...sys.pager.tasks.keys()];
    const sender = rng.chance(0.85) && live.length > 0 ? rng.pick(live) : rng.pick([0, 1, 999, -1, 300, live.length + 2]);
    const tag = rng.chance(0.5) ? rng.pick(SERVED) : rng.chance(0.2) ? rng.pick([0, 41, 42, 43, 44, 45, 46, 47, 48]) : rng.below(61);
    const kind: RequestKind = rng.chance(0.997) ? 'ipc' : rng.pick(['fault', 'pagein'] as const);
    const mrs = Int32Array.from([tag, sender, ...(rng.chance(0.4) ? plausible(rng, tag) : [arg(rng), arg(rng), arg(rng), arg(rng)])]);
    // EXIT and a long run of FORKs would empty or fill the task table: keep both rare.
    if (kind === 'ipc' && (tag === 27 || tag === 22 || tag === 26) && !rng.chance(0.1)) continue;
    const svc = rng.chance(0.5) ? services[0]! : services[1]!;
    const where = `seed ${seed} round ${i}: ${svc.name} ${kind} tag ${tag} from ${sender} [${[...mrs.slice(2)].map((x) => `0x${(x >>> 0).toString(16)}`).join(', ')}]`;
    let r: ServiceReply;
    try {
      r = svc.handle({ kind, sender, mrs, wantsReply: true });
    } catch (e) {
      throw new Error(`${where}: threw ${(e as Error).stack ?? String(e)}`);
    }
    checkReply(r, tag, where);
    if (r.kind === 'reply' && r.mrs[0]! >= 0) ok.set(`${svc.name}:${tag}`, (ok.get(`${svc.name}:${tag}`) ?? 0) + 1);
  }
  // FUZZ_VERBOSE=1 shows which tags got past validation (coverage of the campaign).
  if (process.env.FUZZ_VERBOSE) console.log(sys.pager.tasks.size, [...ok].sort().join(' '));
  return sys;
}

describe('hosted services under random requests', () => {
  for (const seed of [1, 2, 3, 0xc0ffee]) {
    it(`seed ${seed}: no exception escapes, replies are values or -errno, invariants hold`, () => {
      const sys = fuzz(seed, 4000);
      expect(() => sys.pager.assertIntegrity()).not.toThrow();
    }, 120_000);
  }
});

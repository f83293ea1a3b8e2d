/**
 * Seeded pseudo-random numbers for the differential generators (mulberry32): tiny, fast and
 * identical on every host, so a reported seed reproduces its sequence exactly.
 */
export class Rng {
  private s: number;

  /** A generator whose whole stream is determined by `seed` (any 32-bit integer). */
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** The next 32 random bits as an unsigned integer. */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n); n >= 1. */
  below(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  /** An integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }

  /** An operand value biased towards the edges where ALUs go wrong (0, ±1, sign bit, ...). */
  value(): number {
    switch (this.below(8)) {
      case 0: return this.pick([0, 1, -1, 0x7fffffff, 0x80000000 | 0, 0x8000, 0x7fff, 0xffff]);
      case 1: return this.below(256);
      case 2: return (1 << this.below(32)) | 0;
      case 3: return ((1 << this.below(32)) - 1) | 0;
      case 4: return (this.u32() & 0xffff) | ((this.chance(0.5) ? 0xffff : 0) << 16);
      default: return this.u32() | 0;
    }
  }
}

/** Derives the seed of sequence `index` of a run from the run's base seed (splitmix-style). */
export function sequenceSeed(base: number, index: number): number {
  let z = (base + Math.imul(index + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

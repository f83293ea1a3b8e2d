/**
 * The shared world of a differential run, identical on both engines (MMU off, physical = virtual):
 *
 *   0x00000000 +--------------------+
 *              | data area (4 KB)   |  random bytes; every generated load/store lands here
 *   0x00001000 +--------------------+
 *              | code               |  the sequence, then one terminator (BKPT)
 *              |                    |  Unicorn stops when the PC reaches the terminator; czemu
 *              |                    |  traps on the BKPT
 *   0x00010000 +--------------------+  end of what Unicorn maps
 *
 * A sequence is a list of groups: each group is one instruction under test, preceded by the setup
 * instructions that make its addresses legal (base and offset registers pointing into the data
 * area). Forward branches target group starts only, so no setup is ever skipped.
 */
export const DATA_BASE = 0x0;
export const DATA_SIZE = 0x1000;
export const CODE_BASE = 0x1000;
export const MAP_SIZE = 0x10000;

/** One instruction under test with its setup; a branch is patched once the layout is known. */
export interface Group {
  /** Encoded instruction units (32-bit ARM words or 16-bit Thumb halfwords), setup first. */
  units: number[];
  /** For branches: index of the target group (> own index; groups.length = the terminator). */
  target?: number;
  /** Fills in the branch offset: `at` is the address of the group's first unit, `to` the target. */
  patch?: (units: number[], at: number, to: number) => void;
}

/** A generated sequence ready to load at CODE_BASE. */
export interface Sequence {
  thumb: boolean;
  code: Uint8Array;
  /** Address of the terminator (where both engines must stop). */
  end: number;
}

/**
 * Lays `groups` out at CODE_BASE with `unitBytes`-sized units, patches the branches, appends the
 * terminator unit and returns the encoded sequence.
 */
export function layOut(groups: Group[], unitBytes: 2 | 4, terminator: number): Sequence {
  const starts: number[] = [];
  let addr = CODE_BASE;
  for (const g of groups) {
    starts.push(addr);
    addr += g.units.length * unitBytes;
  }
  starts.push(addr);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g.patch !== undefined && g.target !== undefined) {
      g.patch(g.units, starts[i]!, starts[g.target]!);
    }
  }
  const units = groups.flatMap((g) => g.units);
  units.push(terminator);
  const code = new Uint8Array(units.length * unitBytes);
  const dv = new DataView(code.buffer);
  units.forEach((u, i) => {
    if (unitBytes === 4) dv.setUint32(i * 4, u >>> 0, true);
    else dv.setUint16(i * 2, u & 0xffff, true);
  });
  return { thumb: unitBytes === 2, code, end: addr };
}

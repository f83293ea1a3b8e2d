import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';
import { classifyThumb, decodeThumb, type ThumbClass } from '../thumb/decode.ts';
import { MAX_BLOCK, type Block } from './arm-block.ts';
import { inlineThumb, inlineThumbPopPc } from './thumb-inline.ts';

/**
 * Basic-block translation of Thumb code to JavaScript, the counterpart of arm-block.ts: a run of
 * halfwords within one 4 KB page becomes one function; the hot forms are emitted inline
 * (thumb-inline.ts), the others call their decoded handler with the halfword as a constant.
 *
 * Invariants (as for ARM blocks):
 *  1. A block executes exactly what the interpreter would, in the same order, with
 *     r[15] = address + 4 whenever a handler can read it.
 *  2. Only the last instruction may write cpu.pc or leave the loop on purpose (a terminator:
 *     B, B<cond>, the BL/BLX suffix, BX/BLX, POP {pc}, SWI, BKPT, undefined encodings, ADD/MOV
 *     with Rd = PC); it runs with cpu.pc = its address + 2, and cpu.stopAddr = its address if it
 *     stops. B, B<cond>, the BL suffix and POP {pc} are emitted inline, the others call their
 *     handler. The BL prefix only writes LR and is not a terminator. A block never starts with a
 *     terminator. Memory instructions may stop (abort, store to a code page, watchpoint): the
 *     block then returns at once with cpu.stopAddr = that instruction's address.
 *  3. The function returns the number of instructions dispatched; cpu.pc is the next address.
 *  4. Blocks live in their ThumbPage, so invalidating a page drops its blocks with its handlers.
 */

const enum Kind { Pure, Memory, Terminator }

const TERMINATORS = new Set<ThumbClass>([
  'B_cond', 'B', 'BL_suffix', 'BLX_suffix', 'BX', 'BLX_reg', 'SWI', 'BKPT', 'UNDEFINED',
]);
const MEMORY = new Set<ThumbClass>([
  'LDR_pc', 'STR_reg', 'STRH_reg', 'STRB_reg', 'LDRSB_reg', 'LDR_reg', 'LDRH_reg', 'LDRB_reg',
  'LDRSH_reg', 'STR_imm', 'LDR_imm', 'STRB_imm', 'LDRB_imm', 'STRH_imm', 'LDRH_imm', 'STR_sp',
  'LDR_sp', 'PUSH', 'POP', 'STMIA', 'LDMIA',
]);
/** Classes whose handler reads r[15] (when not emitted inline). */
const READS_PC = new Set<ThumbClass>(['ADD_hi', 'CMP_hi', 'MOV_hi', 'LDR_pc', 'ADD_pc', 'BL_prefix']);

function kindOf(insn: number, cls: ThumbClass): Kind {
  if (TERMINATORS.has(cls)) return Kind.Terminator;
  if (cls === 'POP') return (insn & 0x100) !== 0 ? Kind.Terminator : Kind.Memory;
  if (cls === 'ADD_hi' || cls === 'MOV_hi') {
    return (((insn >> 4) & 8) | (insn & 7)) === 15 ? Kind.Terminator : Kind.Pure;
  }
  return MEMORY.has(cls) ? Kind.Memory : Kind.Pure;
}

const COND = [
  'c.z===1', 'c.z===0', 'c.c===1', 'c.c===0', 'c.n===1', 'c.n===0', 'c.v===1', 'c.v===0',
  'c.c===1&&c.z===0', 'c.c===0||c.z===1', 'c.n===c.v', 'c.n!==c.v', 'c.z===0&&c.n===c.v',
  'c.z===1||c.n!==c.v',
];

/**
 * Inline code for the branches that cannot stop (B, B<cond>, BL suffix) at `addr`, with c.pc
 * already the next address; undefined for the other terminators.
 */
function inlineBranch(insn: number, addr: number, cls: ThumbClass): string | undefined {
  switch (cls) {
    case 'B_cond':
      return `if(${COND[(insn >> 8) & 15]!})c.pc=${((addr + 4 + ((insn << 24) >> 23)) & ~1) | 0};`;
    case 'B':
      return `c.pc=${((addr + 4 + ((insn << 21) >> 20)) & ~1) | 0};`;
    case 'BL_suffix':
      return `{const t=(r[14]+${(insn & 0x7ff) << 1})&~1;r[14]=${((addr + 2) | 1) | 0};c.pc=t;}`;
    default:
      return undefined;
  }
}

/**
 * Translates the Thumb block starting at virtual address `va` whose halfwords are
 * `halves[first..]` (the rest of its physical page). Returns undefined when the first instruction
 * is a terminator or the block would hold a single instruction.
 */
export function compileThumbBlock(va: number, halves: Uint16Array, first: number): Block | undefined {
  const handlers: Handler[] = [];
  const lines: string[] = ['const r=c.r;const m=c.mmu;'];
  let len = 0;
  for (let i = first; i < halves.length && len < MAX_BLOCK; i++) {
    const insn = halves[i]!;
    const cls = classifyThumb(insn);
    const kind = kindOf(insn, cls);
    if (kind === Kind.Terminator && len === 0) return undefined;
    const addr = (va + len * 2) | 0;
    if (kind === Kind.Terminator) {
      const branch = inlineBranch(insn, addr, cls);
      if (branch !== undefined) {
        lines.push(`c.pc=${(addr + 2) | 0};${branch}return ${len + 1};`);
      } else if (cls === 'POP') {
        // POP {..., pc}: c.pc stays address + 2 when a load aborts.
        const ret = inlineThumbPopPc(insn, `{c.stopAddr=${addr};return ${len + 1};}`);
        lines.push(`c.pc=${(addr + 2) | 0};${ret}if(c.stop)c.stopAddr=${addr};return ${len + 1};`);
      } else {
        const h = `h${handlers.length}`;
        handlers.push(decodeThumb(insn));
        lines.push(`r[15]=${(addr + 4) | 0};c.pc=${(addr + 2) | 0};${h}(c,${insn});` +
          `if(c.stop)c.stopAddr=${addr};return ${len + 1};`);
      }
      len++;
      return finish(va, handlers, lines, len);
    }
    const exit = `{c.stopAddr=${addr};c.pc=${(addr + 2) | 0};return ${len + 1};}`;
    const inline = cls === 'BL_prefix'
      ? `r[14]=${(addr + 4 + ((insn << 21) >> 9)) | 0};`
      : inlineThumb(insn, addr, cls, exit);
    if (inline !== undefined) {
      lines.push(inline);
    } else {
      const h = `h${handlers.length}`;
      handlers.push(decodeThumb(insn));
      if (READS_PC.has(cls)) lines.push(`r[15]=${(addr + 4) | 0};`);
      lines.push(kind === Kind.Memory ? `${h}(c,${insn});if(c.stop)${exit}` : `${h}(c,${insn});`);
    }
    len++;
  }
  if (len < 2) return undefined;
  lines.push(`c.pc=${(va + len * 2) | 0};return ${len};`);
  return finish(va, handlers, lines, len);
}

function finish(va: number, handlers: Handler[], lines: string[], len: number): Block {
  const names = handlers.map((_, k) => `h${k}`);
  const factory = new Function(...names, `return function thumbBlock(c){${lines.join('')}};`) as (
    ...hs: Handler[]
  ) => (cpu: Cpu) => number;
  return { va, len, fn: factory(...handlers) };
}

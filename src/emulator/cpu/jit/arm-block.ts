import { classifyArm, decodeArm, type ArmClass } from '../arm/decode.ts';
import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';
import { inlineArm, inlineArmLdmPc } from './arm-inline.ts';

/**
 * Basic-block translation of ARM code to JavaScript: a run of instructions within one 4 KB page
 * becomes one function that calls each instruction's decoded handler with its word as a constant.
 * Every call site is then monomorphic, so V8 inlines the small handlers and folds the field
 * extraction; the per-instruction dispatch of the interpreter disappears.
 *
 * Invariants:
 *  1. A block executes exactly the handlers the interpreter would, in the same order, with
 *     r[15] = address + 8 whenever the handler can read it, so semantics are identical.
 *  2. Only the last instruction of a block may write cpu.pc or leave the loop on purpose
 *     (a "terminator": branches, PC writes, SWI, PSR/coprocessor access, undefined...); it runs
 *     with cpu.pc = its address + 4 as in the interpreter, and cpu.stopAddr = its address if it
 *     stops. LDM {..., pc} without S is emitted inline (arm-inline.ts inlineArmLdmPc), the
 *     others call their handler. A block never starts with a terminator (those run in the interpreter). Memory
 *     instructions may stop (abort, store to a code page, watchpoint): the block then returns at
 *     once with cpu.stopAddr = that instruction's address.
 *  3. The function returns the number of instructions dispatched; cpu.pc is the next address.
 *  4. Blocks live in their CodePage, so invalidating a page drops its blocks with its handlers.
 */
export interface Block {
  /** The virtual address the block was translated for (its PC values are baked in). */
  readonly va: number;
  readonly len: number;
  readonly fn: (cpu: Cpu) => number;
}

/** Longest block, in instructions. */
export const MAX_BLOCK = 48;

const enum Kind { Pure, Memory, Terminator }

const PURE = new Set<ArmClass>([
  'and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov',
  'bic', 'mvn', 'mul', 'mla', 'umull', 'umlal', 'smull', 'smlal', 'smla', 'smlaw', 'smulw',
  'smlalxy', 'smul', 'qadd', 'qsub', 'qdadd', 'qdsub', 'clz', 'pld',
]);
const LOADS = new Set<ArmClass>(['ldr', 'ldrb', 'ldrt', 'ldrbt', 'ldrh', 'ldrsb', 'ldrsh', 'ldrd']);
const MEMORY = new Set<ArmClass>([
  ...LOADS, 'str', 'strb', 'strt', 'strbt', 'strh', 'strd', 'swp', 'swpb', 'stm', 'ldm',
]);

function kindOf(insn: number, cls: ArmClass): Kind {
  const rd = (insn >>> 12) & 15;
  if (PURE.has(cls)) {
    if (cls === 'pld') return Kind.Pure;
    // Long multiplies write RdHi at 19:16 and RdLo at 15:12; the others write 15:12 or 19:16.
    const rd2 = (insn >>> 16) & 15;
    return rd === 15 || rd2 === 15 ? Kind.Terminator : Kind.Pure;
  }
  if (MEMORY.has(cls)) {
    if (cls === 'ldm') return (insn & 0x8000) !== 0 || (insn & (1 << 22)) !== 0 ? Kind.Terminator : Kind.Memory;
    if (cls === 'stm') return (insn & (1 << 22)) !== 0 ? Kind.Terminator : Kind.Memory;
    if (LOADS.has(cls) && (rd === 15 || (cls === 'ldrd' && rd >= 14))) return Kind.Terminator;
    // Base writeback to the PC is UNPREDICTABLE; let the interpreter's terminator path take it.
    if (((insn >>> 16) & 15) === 15 && (insn & (1 << 21)) !== 0) return Kind.Terminator;
    return Kind.Memory;
  }
  return Kind.Terminator;
}

/** True when the handler may read r[15] (a register field names the PC, or a register list). */
function readsPc(insn: number, cls: ArmClass): boolean {
  if (cls === 'ldm' || cls === 'stm') return true;
  return ((insn >>> 16) & 15) === 15 || ((insn >>> 12) & 15) === 15 || ((insn >>> 8) & 15) === 15 ||
    (insn & 15) === 15;
}

const COND = [
  'c.z===1', 'c.z===0', 'c.c===1', 'c.c===0', 'c.n===1', 'c.n===0', 'c.v===1', 'c.v===0',
  'c.c===1&&c.z===0', 'c.c===0||c.z===1', 'c.n===c.v', 'c.n!==c.v', 'c.z===0&&c.n===c.v',
  'c.z===1||c.n!==c.v',
];

/**
 * Translates the block starting at virtual address `va` whose words are `words[first..]` (the rest
 * of its physical page). Returns undefined when the first instruction is a terminator (the
 * interpreter runs those one at a time).
 */
export function compileArmBlock(va: number, words: Int32Array, first: number): Block | undefined {
  const handlers: Handler[] = [];
  const lines: string[] = ['const r=c.r;const m=c.mmu;'];
  let len = 0;
  for (let i = first; i < words.length && len < MAX_BLOCK; i++) {
    const insn = words[i]! | 0;
    const cls = classifyArm(insn);
    const kind = kindOf(insn, cls);
    if (kind === Kind.Terminator && len === 0) return undefined;
    const addr = (va + len * 4) | 0;
    const cond = insn >>> 28;
    const h = `h${handlers.length}`;
    handlers.push(decodeArm(insn));
    if (kind === Kind.Terminator) {
      // The block's last instruction: it may branch (write c.pc) or stop the loop.
      const ret = cls === 'ldm'
        ? inlineArmLdmPc(insn, `{c.stopAddr=${addr};return ${len + 1};}`)
        : undefined;
      if (ret !== undefined) {
        // LDM {..., pc}: c.pc stays address + 4 when the condition fails or a load aborts.
        handlers.pop();
        lines.push(`c.pc=${(addr + 4) | 0};${cond < 14 ? `if(${COND[cond]})` : ''}${ret}` +
          `if(c.stop)c.stopAddr=${addr};return ${len + 1};`);
        len++;
        return finish(va, handlers, lines, len);
      }
      const call = `${h}(c,${insn});`;
      const guarded = cond < 14 ? `if(${COND[cond]}){${call}` : `{${call}`;
      lines.push(`r[15]=${(addr + 8) | 0};c.pc=${(addr + 4) | 0};${guarded}}if(c.stop)c.stopAddr=${addr};return ${len + 1};`);
      len++;
      return finish(va, handlers, lines, len);
    }
    const exit = `{c.stopAddr=${addr};c.pc=${(addr + 4) | 0};return ${len + 1};}`;
    const inline = inlineArm(insn, addr, cls, exit);
    if (inline !== undefined) {
      handlers.pop();
      lines.push(cond < 14 ? `if(${COND[cond]})${inline}` : inline);
    } else {
      if (readsPc(insn, cls)) lines.push(`r[15]=${(addr + 8) | 0};`);
      const call = `${h}(c,${insn});`;
      const guarded = cond < 14 ? `if(${COND[cond]}){${call}` : `{${call}`;
      lines.push(kind === Kind.Memory ? `${guarded}if(c.stop)${exit}}` : `${guarded}}`);
    }
    len++;
  }
  if (len < 2) return undefined;
  lines.push(`c.pc=${(va + len * 4) | 0};return ${len};`);
  return finish(va, handlers, lines, len);
}

function finish(va: number, handlers: Handler[], lines: string[], len: number): Block {
  const names = handlers.map((_, k) => `h${k}`);
  // The handlers are bound as constants of the closure so each call site has one target.
  const factory = new Function(...names, `return function armBlock(c){${lines.join('')}};`) as (
    ...hs: Handler[]
  ) => (cpu: Cpu) => number;
  return { va, len, fn: factory(...handlers) };
}

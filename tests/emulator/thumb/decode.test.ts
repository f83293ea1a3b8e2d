import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyThumb, decodeThumb, type ThumbClass } from '../../../src/emulator/cpu/thumb/decode.ts';

/** Slots (of 1024, by bits 15-6) per class, counted by hand from the ARM ARM A7 encoding table. */
const SLOTS: Readonly<Record<ThumbClass, number>> = {
  LSL_imm: 32, LSR_imm: 32, ASR_imm: 32,
  ADD_reg: 8, SUB_reg: 8, ADD_imm3: 8, SUB_imm3: 8,
  MOV_imm8: 32, CMP_imm8: 32, ADD_imm8: 32, SUB_imm8: 32,
  AND: 1, EOR: 1, LSL_reg: 1, LSR_reg: 1, ASR_reg: 1, ADC: 1, SBC: 1, ROR: 1,
  TST: 1, NEG: 1, CMP_reg: 1, CMN: 1, ORR: 1, MUL: 1, BIC: 1, MVN: 1,
  ADD_hi: 4, CMP_hi: 4, MOV_hi: 4, BX: 2, BLX_reg: 2,
  LDR_pc: 32,
  STR_reg: 8, STRH_reg: 8, STRB_reg: 8, LDRSB_reg: 8, LDR_reg: 8, LDRH_reg: 8, LDRB_reg: 8,
  LDRSH_reg: 8,
  STR_imm: 32, LDR_imm: 32, STRB_imm: 32, LDRB_imm: 32, STRH_imm: 32, LDRH_imm: 32,
  STR_sp: 32, LDR_sp: 32,
  ADD_pc: 32, ADD_sp: 32, ADD_sp_imm7: 2, SUB_sp_imm7: 2,
  PUSH: 8, POP: 8, STMIA: 32, LDMIA: 32,
  // 14 conditions x 4; the misc space 1011 holds 10 unallocated groups of 4, plus cond 14.
  B_cond: 56, SWI: 4, B: 32, BL_prefix: 32, BL_suffix: 32, BLX_suffix: 32, BKPT: 4,
  UNDEFINED: 44,
};

describe('the 1024-slot table', () => {
  it('gives every slot exactly the expected class counts', () => {
    const counts = new Map<ThumbClass, number>();
    for (let slot = 0; slot < 1024; slot++) {
      // 0x38 keeps register lists non-empty, BX's bits 2:0 zero and the BLX suffix even, so only
      // the slot decides.
      const cls = classifyThumb((slot << 6) | 0x38);
      counts.set(cls, (counts.get(cls) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual(SLOTS);
  });

  it('decodeThumb returns the UNDEFINED handler exactly for UNDEFINED halfwords', () => {
    const undef = decodeThumb(0xde00);
    const handlerOf = new Map<ThumbClass, Set<unknown>>();
    for (let insn = 0; insn < 0x10000; insn++) {
      const cls = classifyThumb(insn);
      const h = decodeThumb(insn);
      expect(h === undef, insn.toString(16)).toBe(cls === 'UNDEFINED');
      let set = handlerOf.get(cls);
      if (set === undefined) handlerOf.set(cls, (set = new Set()));
      set.add(h);
    }
    // One static handler per class, except B_cond, which has one per condition.
    for (const [cls, set] of handlerOf) expect(set.size, cls).toBe(cls === 'B_cond' ? 14 : 1);
  });

  it('names representative encodings', () => {
    const cases: [number, ThumbClass][] = [
      [0x0000, 'LSL_imm'], [0x0808, 'LSR_imm'], [0x1008, 'ASR_imm'], [0x1888, 'ADD_reg'],
      [0x1a88, 'SUB_reg'], [0x1c08, 'ADD_imm3'], [0x1e08, 'SUB_imm3'], [0x2001, 'MOV_imm8'],
      [0x2901, 'CMP_imm8'], [0x3201, 'ADD_imm8'], [0x3b01, 'SUB_imm8'], [0x4008, 'AND'],
      [0x41c8, 'ROR'], [0x4248, 'NEG'], [0x4348, 'MUL'], [0x43c8, 'MVN'], [0x4488, 'ADD_hi'],
      [0x4588, 'CMP_hi'], [0x46c0, 'MOV_hi'], [0x4770, 'BX'], [0x4778, 'BX'], [0x4798, 'BLX_reg'],
      [0x4801, 'LDR_pc'], [0x5088, 'STR_reg'], [0x5e88, 'LDRSH_reg'], [0x6808, 'LDR_imm'],
      [0x7808, 'LDRB_imm'], [0x8008, 'STRH_imm'], [0x8808, 'LDRH_imm'], [0x9001, 'STR_sp'],
      [0x9801, 'LDR_sp'], [0xa001, 'ADD_pc'], [0xa801, 'ADD_sp'], [0xb001, 'ADD_sp_imm7'],
      [0xb081, 'SUB_sp_imm7'], [0xb401, 'PUSH'], [0xb500, 'PUSH'], [0xbc01, 'POP'],
      [0xbd00, 'POP'], [0xbe00, 'BKPT'], [0xc001, 'STMIA'], [0xc801, 'LDMIA'], [0xd000, 'B_cond'],
      [0xddff, 'B_cond'], [0xdeff, 'UNDEFINED'], [0xdf00, 'SWI'], [0xe7fe, 'B'],
      [0xe800, 'BLX_suffix'], [0xe801, 'UNDEFINED'], [0xf000, 'BL_prefix'], [0xf800, 'BL_suffix'],
      [0xb400, 'UNDEFINED'], [0xbc00, 'UNDEFINED'], [0xc000, 'UNDEFINED'], [0xc800, 'UNDEFINED'],
      [0xb100, 'UNDEFINED'], [0xb650, 'UNDEFINED'], [0xba00, 'UNDEFINED'], [0xbf00, 'UNDEFINED'],
    ];
    for (const [insn, cls] of cases) expect(classifyThumb(insn), insn.toString(16)).toBe(cls);
  });

  it('ignores bits above 15', () => {
    expect(classifyThumb(0xffff0000 | 0x4770)).toBe('BX');
    expect(decodeThumb(0x14770)).toBe(decodeThumb(0x4770));
  });
});

/**
 * Maps one line of GNU objdump's Thumb disassembly to a class. objdump decodes every architecture
 * at once, so encodings first allocated after ARMv5T (CBZ, SXTH, REV, IT, hints, UDF, ...) map to
 * UNDEFINED, as do the empty register lists czemu rejects.
 */
function objdumpClass(insn: number, mnem: string, ops: string): ThumbClass | undefined {
  const m = mnem.replace(/\.n$/, '');
  const args = ops.split('@')[0]!.trim();
  const parts = args.split(',').map((s) => s.trim());
  const imm = args.includes('#');
  if (args.includes('{}')) return 'UNDEFINED';
  if (/^b(eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)$/.test(m)) return 'B_cond';
  switch (m) {
    case 'lsls': return parts.length === 3 ? 'LSL_imm' : 'LSL_reg';
    case 'lsrs': return parts.length === 3 ? 'LSR_imm' : 'LSR_reg';
    case 'asrs': return parts.length === 3 ? 'ASR_imm' : 'ASR_reg';
    case 'movs': return imm ? 'MOV_imm8' : 'LSL_imm';
    case 'adds': return parts.length === 2 ? 'ADD_imm8' : imm ? 'ADD_imm3' : 'ADD_reg';
    case 'subs': return parts.length === 2 ? 'SUB_imm8' : imm ? 'SUB_imm3' : 'SUB_reg';
    case 'cmp': return imm ? 'CMP_imm8' : insn < 0x4400 ? 'CMP_reg' : 'CMP_hi';
    case 'ands': return 'AND';
    case 'eors': return 'EOR';
    case 'adcs': return 'ADC';
    case 'sbcs': return 'SBC';
    case 'rors': return 'ROR';
    case 'tst': return 'TST';
    case 'negs': return 'NEG';
    case 'cmn': return 'CMN';
    case 'orrs': return 'ORR';
    case 'muls': return 'MUL';
    case 'bics': return 'BIC';
    case 'mvns': return 'MVN';
    case 'add':
      if (parts[1] === 'pc' && imm) return 'ADD_pc';
      if (parts[0] === 'sp' && imm) return 'ADD_sp_imm7';
      if (parts[1] === 'sp' && imm) return 'ADD_sp';
      return 'ADD_hi';
    case 'sub': return 'SUB_sp_imm7';
    case 'mov': return 'MOV_hi';
    case 'nop': return ops.includes('mov r8, r8') ? 'MOV_hi' : 'UNDEFINED';
    // objdump prints BX with non-zero bits 2:0 (should-be-zero) as plain BX; czemu traps them.
    case 'bx': return (insn & 7) === 0 ? 'BX' : 'UNDEFINED';
    case 'blx': return 'BLX_reg';
    case 'ldr': return args.includes('[pc') ? 'LDR_pc' : args.includes('[sp') ? 'LDR_sp' : imm ? 'LDR_imm' : 'LDR_reg';
    case 'str': return args.includes('[sp') ? 'STR_sp' : imm ? 'STR_imm' : 'STR_reg';
    case 'ldrb': return imm ? 'LDRB_imm' : 'LDRB_reg';
    case 'strb': return imm ? 'STRB_imm' : 'STRB_reg';
    case 'ldrh': return imm ? 'LDRH_imm' : 'LDRH_reg';
    case 'strh': return imm ? 'STRH_imm' : 'STRH_reg';
    case 'ldrsb': return 'LDRSB_reg';
    case 'ldrsh': return 'LDRSH_reg';
    case 'push': return 'PUSH';
    case 'pop': return 'POP';
    case 'stmia': case 'stmia<und>': return 'STMIA';
    case 'ldmia': case 'ldm': return 'LDMIA';
    case 'b': return 'B';
    case 'svc': return 'SWI';
    case 'bkpt': return 'BKPT';
    case '': case 'udf': case 'cbz': case 'cbnz': case 'sxth': case 'sxtb': case 'uxth':
    case 'uxtb': case 'rev': case 'rev16': case 'revsh': case 'hlt': case 'setend': case 'setpan':
    case 'bxns': case 'blxns':
    case 'cpsie': case 'cpsid':
      return 'UNDEFINED';
    default:
      // IT blocks and conditional hints (itte, yieldeq, wfene, sevlmi, nopvs, ...).
      return /^(it[te]*|yield|wfe|wfi|sev|sevl|nop)/.test(m) ? 'UNDEFINED' : undefined;
  }
}

describe('differential against GNU objdump', () => {
  it('agrees on every halfword below 0xE800 (the 16-bit-only space)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'czemu-thumb-'));
    try {
      const bin = new Uint8Array(0xe800 * 2);
      for (let i = 0; i < 0xe800; i++) {
        bin[2 * i] = i & 0xff;
        bin[2 * i + 1] = i >> 8;
      }
      const file = join(dir, 'all.bin');
      writeFileSync(file, bin);
      const out = execFileSync(
        'arm-none-eabi-objdump', ['-D', '-b', 'binary', '-m', 'armv5te', '-M', 'force-thumb', file],
        { encoding: 'utf8', maxBuffer: 64 << 20 },
      );
      let seen = 0;
      const mismatches: string[] = [];
      for (const line of out.split('\n')) {
        const f = /^\s*([0-9a-f]+):\t([0-9a-f]{4}) \s*\t([^\t]*)\t?(.*)$/.exec(line);
        if (f === null) continue;
        const insn = parseInt(f[2]!, 16);
        const text = f[3]!.trim();
        const want = objdumpClass(insn, text.startsWith('@') ? '' : text, f[4] ?? '');
        seen++;
        const got = classifyThumb(insn);
        if (want !== got && mismatches.length < 20) {
          mismatches.push(`${f[2]} ${text} ${f[4] ?? ''}: objdump ${String(want)}, czemu ${got}`);
        }
      }
      expect(seen).toBe(0xe800);
      expect(mismatches).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A small typed binding to Unicorn 2 (Debian's libunicorn2) through koffi, just wide enough for the
 * differential tests and the benchmark: one ARM engine with the ARM926 CPU model, flat memory,
 * r0-r15 / CPSR / SPSR access and bounded runs.
 *
 * Constants are from Unicorn 2's public headers (unicorn.h, arm.h):
 *
 *   uc_ctl control word:   31..30 R/W   29..26 argument count   15..0 uc_control_type
 *   UC_CTL_CPU_MODEL = 7, UC_CTL_TB_REMOVE_CACHE = 9; UC_CTL_IO_WRITE = 1
 *   uc_arm_reg: CPSR 3, LR 10, PC 11, SP 12, SPSR 13, R0..R12 = 66..78
 */
import { createRequire } from 'node:module';

/** Why Unicorn is unusable here, or undefined when it loaded (tests skip with this reason). */
export let unicornUnavailable: string | undefined;

const UC_ARCH_ARM = 1;
const UC_MODE_ARM = 0;
const UC_CPU_ARM_926 = 0;
const UC_CTL_IO_WRITE = 1;
const UC_CTL_CPU_MODEL = 7;
const UC_CTL_TB_REMOVE_CACHE = 9;
/** UC_PROT_ALL: read, write and execute. */
const UC_PROT_ALL = 7;

/** Packs a uc_ctl control word as the UC_CTL(type, nr, rw) macro does. */
function ucCtlWord(type: number, nargs: number, rw: number): number {
  return (type | (nargs << 26) | (rw << 30)) >>> 0;
}

const REG_CPSR = 3;
const REG_SPSR = 13;
/** Register ids for r0..r15 in order. */
const REG_IDS: readonly number[] = [66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 12, 10, 11];

type Fn = (...args: unknown[]) => unknown;
interface Api {
  open: Fn; close: Fn; ctl: Fn; memMap: Fn; memWrite: Fn; memRead: Fn;
  regWrite: Fn; regRead: Fn; emuStart: Fn; strerror: Fn;
}

let api: Api | undefined;

function load(): Api | undefined {
  if (api !== undefined || unicornUnavailable !== undefined) return api;
  let koffi: typeof import('koffi');
  try {
    koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  } catch (e) {
    unicornUnavailable = `koffi is not installed (${(e as Error).message.split('\n')[0]})`;
    return undefined;
  }
  try {
    const lib = koffi.load('libunicorn.so.2');
    api = {
      open: lib.func('int uc_open(int arch, int mode, _Out_ void **uc)') as Fn,
      close: lib.func('int uc_close(void *uc)') as Fn,
      ctl: lib.func('int uc_ctl(void *uc, uint32_t control, ...)') as Fn,
      memMap: lib.func('int uc_mem_map(void *uc, uint64_t address, size_t size, uint32_t perms)') as Fn,
      memWrite: lib.func('int uc_mem_write(void *uc, uint64_t address, const void *bytes, uint64_t size)') as Fn,
      memRead: lib.func('int uc_mem_read(void *uc, uint64_t address, _Out_ void *bytes, uint64_t size)') as Fn,
      regWrite: lib.func('int uc_reg_write(void *uc, int regid, const void *value)') as Fn,
      regRead: lib.func('int uc_reg_read(void *uc, int regid, _Out_ void *value)') as Fn,
      emuStart: lib.func('int uc_emu_start(void *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)') as Fn,
      strerror: lib.func('const char *uc_strerror(int code)') as Fn,
    };
  } catch (e) {
    unicornUnavailable = `libunicorn.so.2 could not be loaded (${(e as Error).message.split('\n')[0]})`;
    return undefined;
  }
  return api;
}

/** Thrown when a Unicorn call fails; `code` is the uc_err value. */
export class UnicornError extends Error {
  readonly code: number;
  constructor(what: string, code: number, message: string) {
    super(`${what}: ${message} (uc_err ${code})`);
    this.name = 'UnicornError';
    this.code = code;
  }
}

/** True when koffi and libunicorn.so.2 both load; otherwise `unicornUnavailable` says why. */
export function unicornAvailable(): boolean {
  return load() !== undefined;
}

/**
 * One Unicorn ARM engine with the ARM926 CPU model. Addresses are guest physical (Unicorn's MMU
 * stays off unless the guest turns it on). Close it when done: it owns native memory.
 */
export class Unicorn {
  private readonly a: Api;
  private uc: unknown;
  private readonly word = new Uint32Array(1);

  /** Opens the engine and selects the ARM926 model; throws UnicornError or when unavailable. */
  constructor() {
    const a = load();
    if (a === undefined) throw new Error(`Unicorn unavailable: ${unicornUnavailable ?? '?'}`);
    this.a = a;
    const out: unknown[] = [null];
    this.check('uc_open', a.open(UC_ARCH_ARM, UC_MODE_ARM, out));
    this.uc = out[0];
    // The model must be chosen before any other call touches the CPU (Unicorn creates it lazily).
    this.check('uc_ctl(CPU_MODEL)',
      a.ctl(this.uc, ucCtlWord(UC_CTL_CPU_MODEL, 1, UC_CTL_IO_WRITE), 'int', UC_CPU_ARM_926));
  }

  private check(what: string, rc: unknown): void {
    const code = rc as number;
    if (code !== 0) throw new UnicornError(what, code, this.a.strerror(code) as string);
  }

  /** Maps [addr, addr+size) read/write/execute; both must be 4 KB aligned. */
  map(addr: number, size: number): void {
    this.check('uc_mem_map', this.a.memMap(this.uc, addr, size, UC_PROT_ALL));
  }

  /** Writes `bytes` at physical `addr` (mapped); see flushCode() for rewritten code. */
  write(addr: number, bytes: Uint8Array): void {
    this.check('uc_mem_write', this.a.memWrite(this.uc, addr, bytes, bytes.length));
  }

  /**
   * Discards translated blocks of [addr, end) after code there was rewritten. (A full TB flush
   * costs ~50 ms in Unicorn 2.0; removing the range is cheap.)
   */
  flushCode(addr: number, end: number): void {
    this.check('uc_ctl(TB_REMOVE_CACHE)', this.a.ctl(this.uc,
      ucCtlWord(UC_CTL_TB_REMOVE_CACHE, 2, UC_CTL_IO_WRITE), 'uint64_t', addr, 'uint64_t', end));
  }

  /** Reads `size` bytes at physical `addr` (mapped). */
  read(addr: number, size: number): Uint8Array {
    const buf = new Uint8Array(size);
    this.check('uc_mem_read', this.a.memRead(this.uc, addr, buf, size));
    return buf;
  }

  private readId(id: number): number {
    this.check('uc_reg_read', this.a.regRead(this.uc, id, this.word));
    return this.word[0]! | 0;
  }

  private writeId(id: number, value: number): void {
    this.word[0] = value >>> 0;
    this.check('uc_reg_write', this.a.regWrite(this.uc, id, this.word));
  }

  /** Register r`i` (0-15) of the current mode, as int32. */
  reg(i: number): number {
    return this.readId(REG_IDS[i]!);
  }

  /** Writes register r`i` (0-15) of the current mode. */
  setReg(i: number, value: number): void {
    this.writeId(REG_IDS[i]!, value);
  }

  /** The CPSR as int32. */
  cpsr(): number {
    return this.readId(REG_CPSR);
  }

  /** Writes the whole CPSR (mode switches bank registers as hardware would). */
  setCpsr(value: number): void {
    this.writeId(REG_CPSR, value);
  }

  /** SPSR of the current mode. */
  spsr(): number {
    return this.readId(REG_SPSR);
  }

  /** Writes the SPSR of the current mode. */
  setSpsr(value: number): void {
    this.writeId(REG_SPSR, value);
  }

  /**
   * Runs from `begin` (bit 0 set = Thumb) until the PC reaches `until`, at most `count`
   * instructions (0 = no limit; a limit makes Unicorn instrument every instruction, so the
   * benchmark passes 0). Returns the uc_err code (0 = stopped normally).
   */
  run(begin: number, until: number, count = 0): number {
    return this.a.emuStart(this.uc, begin, until, 0, count) as number;
  }

  /** Message for a uc_err code. */
  strerror(code: number): string {
    return this.a.strerror(code) as string;
  }

  /** Releases the engine; the object is unusable afterwards. */
  close(): void {
    if (this.uc !== null) this.a.close(this.uc);
    this.uc = null;
  }
}

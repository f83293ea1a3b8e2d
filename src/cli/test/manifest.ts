import { dirname, isAbsolute, join } from 'node:path';
import { InputError, readInput, type CliIo } from '../command.ts';

/**
 * Test suites as data: a manifest (JSON) lists the cases of one suite. `czemu test PATH` accepts
 * the manifest file itself or a directory holding `manifest.json` (or `suite.json`).
 *
 *   {
 *     "suite": "cpu",                          name used in reports (default: the directory name)
 *     "defaults": { "kind": "run", "maxInsns": 20000000 },    merged under every case
 *     "cases": [
 *       { "name": "alu",   "image": "alu.elf",  "pass": "^PASS alu$" },
 *       { "name": "hello", "image": "hello.elf", "expected": "hello.expected" },
 *       { "name": "pair",  "kind": "boot", "image": ["a.elf", "b.elf"], "status": 3 }
 *     ]
 *   }
 *
 * Case fields (all but name may come from defaults; paths are relative to the manifest):
 *   name      unique within the suite: [A-Za-z0-9_.-]+
 *   kind      'run' (bare metal, as `czemu run`) or 'boot' (kernel images, as `czemu boot`)
 *   image     an ELF path, or a list of them (boot only: one task per image, in order)
 *   maxInsns  the instruction budget; reaching it counts as exit status 124
 *   ramSize   RAM bytes (run only)
 *   expected  a transcript file the console output must equal byte for byte
 *   pass      regex (or list) that must each match the transcript ('m' flag: ^ and $ per line)
 *   fail      regex (or list) none of which may match
 *   status    the expected exit status, as the czemu command would exit (default 0)
 *   leaks     check resource counts before and after (default true; kinds that count them)
 *   skip      a reason: the case is reported as skipped and not run
 * Unknown fields are errors, so a misspelt expectation cannot silently check nothing.
 */

export type CaseKind = 'run' | 'boot';

/** One case, validated, with paths joined to the manifest's directory. */
export interface TestCase {
  readonly suite: string;
  readonly name: string;
  /** "suite/name": how reports name the case. */
  readonly id: string;
  readonly kind: CaseKind;
  readonly images: readonly string[];
  readonly maxInsns: number;
  readonly ramSize?: number;
  readonly expected?: string;
  readonly pass: readonly RegExp[];
  readonly fail: readonly RegExp[];
  readonly status: number;
  readonly leaks: boolean;
  readonly skip?: string;
}

export interface Suite {
  readonly name: string;
  /** The manifest file it came from. */
  readonly path: string;
  readonly cases: readonly TestCase[];
}

/** Budget when neither the case nor the defaults give one: far past any test image. */
export const DEFAULT_CASE_MAX_INSNS = 200_000_000;
/** Manifest names tried, in order, when PATH is a directory. */
export const MANIFEST_NAMES = ['manifest.json', 'suite.json'] as const;

const CASE_FIELDS = new Set([
  'name', 'kind', 'image', 'maxInsns', 'ramSize', 'expected', 'pass', 'fail', 'status', 'leaks', 'skip',
]);
const TOP_FIELDS = new Set(['suite', 'defaults', 'cases', 'description']);

/**
 * Finds and parses the manifest at `path` (a file, or a directory with manifest.json/suite.json)
 * read through `io`. Throws InputError with one line naming the file and the reason for a missing
 * manifest, malformed JSON or an invalid case.
 */
export function loadSuite(path: string, io: CliIo): Suite {
  const file = locate(path, io);
  const text = new TextDecoder().decode(readInput(io, file));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: malformed JSON: ${jsonReason(e, text)}`);
  }
  return parseManifest(json, file);
}

/** The manifest file for `path`: `path` itself when it reads as a file, else a name inside it. */
function locate(path: string, io: CliIo): string {
  try {
    io.readFile(path);
    return path;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'EISDIR') readInput(io, path); // rethrows as a one-line InputError
  }
  for (const name of MANIFEST_NAMES) {
    const candidate = join(path, name);
    try {
      io.readFile(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new InputError(`${path}: no ${MANIFEST_NAMES.join(' or ')} in this directory`);
}

/** JSON.parse's complaint on one line, with its "position N" turned into a line and column. */
function jsonReason(e: unknown, text: string): string {
  let msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  // V8 quotes the whole input after some messages ("Unexpected token '}', "{..." is not valid JSON").
  const quoted = /^(.*?), ".*" is not valid JSON$/s.exec(msg);
  if (quoted !== null) msg = quoted[1]!;
  const m = / at position (\d+)/.exec(msg);
  if (m === null) return msg;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${msg.slice(0, m.index).replace(/ in JSON$/, '')} at line ${line} column ${col}`;
}

/**
 * Validates the parsed manifest `json` read from `file`; returns the suite. Throws InputError
 * ("FILE: cases[3] (alu): field 'pass': not a valid regex ...") on the first problem found.
 */
export function parseManifest(json: unknown, file: string): Suite {
  const dir = dirname(file);
  if (!isObject(json)) throw new InputError(`${file}: the manifest must be a JSON object`);
  for (const k of Object.keys(json)) {
    if (!TOP_FIELDS.has(k)) throw new InputError(`${file}: unknown field '${k}' (fields: ${[...TOP_FIELDS].join(', ')})`);
  }
  const suiteName = json['suite'] ?? (dir.split('/').filter((s) => s !== '' && s !== '.').pop() ?? 'suite');
  if (typeof suiteName !== 'string' || suiteName === '') throw new InputError(`${file}: 'suite' must be a non-empty string`);
  const defaults = json['defaults'] ?? {};
  if (!isObject(defaults)) throw new InputError(`${file}: 'defaults' must be an object`);
  if ('name' in defaults) throw new InputError(`${file}: 'defaults' cannot give a name`);
  const cases = json['cases'];
  if (!Array.isArray(cases)) throw new InputError(`${file}: 'cases' must be an array`);
  const seen = new Set<string>();
  const out: TestCase[] = [];
  cases.forEach((raw: unknown, i) => {
    const where = isObject(raw) && typeof raw['name'] === 'string' ? `cases[${i}] (${raw['name']})` : `cases[${i}]`;
    const fail = (why: string): never => {
      throw new InputError(`${file}: ${where}: ${why}`);
    };
    if (!isObject(raw)) fail('a case must be an object');
    const c = { ...defaults, ...(raw as Record<string, unknown>) };
    for (const k of Object.keys(c)) {
      if (!CASE_FIELDS.has(k)) fail(`unknown field '${k}' (fields: ${[...CASE_FIELDS].join(', ')})`);
    }
    const tc = parseCase(c, suiteName, dir, fail);
    if (seen.has(tc.name)) fail(`duplicate name '${tc.name}'`);
    seen.add(tc.name);
    out.push(tc);
  });
  return { name: suiteName, path: file, cases: out };
}

/** One case from its merged fields; `fail` throws with the case's location. */
function parseCase(c: Record<string, unknown>, suite: string, dir: string, fail: (why: string) => never): TestCase {
  const name = c['name'];
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) fail("'name' must be a string of letters, digits, '_', '.', '-'");
  const kind = c['kind'] ?? 'run';
  if (kind !== 'run' && kind !== 'boot') fail(`'kind' must be 'run' or 'boot', got ${JSON.stringify(kind)}`);
  const imageField = c['image'];
  const images = typeof imageField === 'string' ? [imageField] : imageField;
  if (!Array.isArray(images) || images.length === 0 || !images.every((p) => typeof p === 'string' && p !== '')) {
    fail("'image' must be a path or a non-empty list of paths");
  }
  if (kind === 'run' && (images as string[]).length !== 1) fail("a 'run' case takes exactly one image");
  const maxInsns = c['maxInsns'] ?? DEFAULT_CASE_MAX_INSNS;
  if (!isCount(maxInsns) || maxInsns < 1) fail("'maxInsns' must be a whole number of at least 1");
  const ramSize = c['ramSize'];
  if (ramSize !== undefined) {
    if (kind !== 'run') fail("'ramSize' applies to 'run' cases only");
    if (!isCount(ramSize) || ramSize < 4096 || ramSize > 256 * 1024 * 1024 || ramSize % 4096 !== 0) {
      fail("'ramSize' must be a multiple of 4096 from 4K to 256M");
    }
  }
  const expected = c['expected'];
  if (expected !== undefined && (typeof expected !== 'string' || expected === '')) fail("'expected' must be a path");
  const status = c['status'] ?? 0;
  if (!isCount(status) || status > 255) fail("'status' must be a whole number from 0 to 255");
  const leaks = c['leaks'] ?? true;
  if (typeof leaks !== 'boolean') fail("'leaks' must be true or false");
  const skip = c['skip'];
  if (skip !== undefined && (typeof skip !== 'string' || skip === '')) fail("'skip' must be a reason (a non-empty string)");
  const pass = regexes(c['pass'], 'pass', fail);
  const failRe = regexes(c['fail'], 'fail', fail);
  if (expected === undefined && pass.length === 0 && skip === undefined) {
    fail("nothing to check: give 'expected' or 'pass'");
  }
  const n = name as string;
  return {
    suite, name: n, id: `${suite}/${n}`, kind: kind as CaseKind,
    images: (images as string[]).map((p) => inDir(dir, p)),
    maxInsns: maxInsns as number,
    ...(ramSize !== undefined ? { ramSize: ramSize as number } : {}),
    ...(expected !== undefined ? { expected: inDir(dir, expected as string) } : {}),
    pass, fail: failRe, status: status as number, leaks: leaks as boolean,
    ...(skip !== undefined ? { skip: skip as string } : {}),
  };
}

/** A regex field: absent, one pattern, or a list; compiled with 'm' so ^ and $ work per line. */
function regexes(v: unknown, field: string, fail: (why: string) => never): RegExp[] {
  if (v === undefined) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) fail(`'${field}' must be a regex or a list of them`);
  return (list as string[]).map((p) => {
    try {
      return new RegExp(p, 'm');
    } catch (e) {
      return fail(`'${field}': not a valid regex: ${(e as Error).message}`);
    }
  });
}

/** `p` relative to the manifest's directory; absolute paths stay as they are. */
function inDir(dir: string, p: string): string {
  return isAbsolute(p) ? p : join(dir, p);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Command-line options declared as data: one table per command gives both the parser and the help
 * text, so they cannot disagree.
 *
 *   --name VALUE   --name=VALUE   -x VALUE   (flags take no value)   --  ends the options
 */

/**
 * How an option's value is read:
 *   flag    no value
 *   count   a whole number; suffixes k, M, G multiply by 10^3, 10^6, 10^9 (10M = 10,000,000)
 *   size    a byte count; suffixes K, M, G multiply by 2^10, 2^20, 2^30 (128M = 134,217,728)
 *   string  any text
 * Numbers may be written in hex (0x...) and with _ separators.
 */
export type OptionKind = 'flag' | 'count' | 'size' | 'string';

export interface OptionSpec {
  /** Long name without the dashes ("max-insns"). */
  readonly name: string;
  /** One-letter alias without the dash. */
  readonly short?: string;
  readonly kind: OptionKind;
  /** Placeholder for the value in help ("N"). */
  readonly metavar?: string;
  readonly help: string;
}

/** A bad command line: the message is one line for `czemu: ...`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionValue = string | number | boolean;

/** Parsed arguments: positional words and option values by long name. */
export class ParsedArgs {
  readonly positional: string[] = [];
  readonly values = new Map<string, OptionValue>();

  /** The numeric value of a count or size option, or undefined when it was not given. */
  number(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }

  /** The value of a string option, or undefined when it was not given. */
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  /** True when the flag was given. */
  flag(name: string): boolean {
    return this.values.get(name) === true;
  }
}

/**
 * Parses `argv` against `specs`. `context` names the command in messages ("czemu run"). Throws
 * UsageError for an unknown option, a missing value or a value of the wrong form. Positional
 * words are returned as they are; the caller checks their number.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], context: string): ParsedArgs {
  const out = new ParsedArgs();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq >= 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const spec = arg.startsWith('--')
      ? specs.find((s) => `--${s.name}` === key)
      : specs.find((s) => s.short !== undefined && `-${s.short}` === key);
    if (spec === undefined) throw new UsageError(`unknown option '${key}' (see '${context} --help')`);
    if (spec.kind === 'flag') {
      if (eq >= 0 && key !== arg) throw new UsageError(`option '${key}' takes no value`);
      out.values.set(spec.name, true);
      continue;
    }
    let text: string;
    if (eq >= 0 && key !== arg) {
      text = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`option '${key}' needs a value (${spec.metavar ?? 'VALUE'})`);
      text = argv[++i]!;
    }
    out.values.set(spec.name, parseValue(spec, key, text));
  }
  return out;
}

const COUNT_SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, g: 1e9, G: 1e9 };
const SIZE_SUFFIX: Record<string, number> = { k: 2 ** 10, K: 2 ** 10, m: 2 ** 20, M: 2 ** 20, g: 2 ** 30, G: 2 ** 30 };

function parseValue(spec: OptionSpec, key: string, text: string): OptionValue {
  if (spec.kind === 'string') return text;
  const m = /^(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)([kKmMgG]?)$/.exec(text);
  const what = spec.kind === 'size' ? 'a size in bytes (e.g. 64M)' : 'a whole number (e.g. 10M)';
  if (m === null) throw new UsageError(`option '${key}' needs ${what}, got '${text}'`);
  const digits = m[1]!.replace(/_/g, '');
  const base = Number(digits.startsWith('0x') || digits.startsWith('0X') ? digits : `${digits}`);
  const suffix = m[2]!;
  const scale = suffix === '' ? 1 : (spec.kind === 'size' ? SIZE_SUFFIX : COUNT_SUFFIX)[suffix]!;
  const v = base * scale;
  if (!Number.isSafeInteger(v)) throw new UsageError(`option '${key}': ${text} is too large`);
  return v;
}

/** Help lines for `specs`: "  -x, --name METAVAR   help", aligned in one column. */
export function formatOptions(specs: readonly OptionSpec[]): string[] {
  const heads = specs.map((s) => {
    const names = `${s.short !== undefined ? `-${s.short}, ` : '    '}--${s.name}`;
    return s.kind === 'flag' ? names : `${names} ${s.metavar ?? 'VALUE'}`;
  });
  const width = Math.max(...heads.map((h) => h.length));
  return specs.map((s, i) => `  ${heads[i]!.padEnd(width)}  ${s.help}`);
}

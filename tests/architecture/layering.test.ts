import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rule of DESIGN.md: the emulator imports nothing of the other layers; the kernel reaches
 * the emulator only through kernel/arch; the pager and the VFS reach the kernel only through its
 * service interface (kernel/service.ts) and never touch the emulator; only the CLI imports everything.
 */
const root = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Layer-relative paths (e.g. "kernel/arch/cpu.ts") that `file` imports from inside src/. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)]
    .map((m) => m[1]!)
    .filter((s) => s.startsWith('.'));
  return specs.map((s) => relative(root, resolve(dirname(file), s)));
}

/** Why `from` may not import `to`, or undefined when the import is allowed. */
export function violation(from: string, to: string): string | undefined {
  const layer = (p: string) => p.split('/')[0]!;
  const lf = layer(from);
  const lt = layer(to);
  if (to.startsWith('..')) return 'imports from outside src/';
  if (lf === lt) {
    return undefined;
  }
  switch (lf) {
    case 'emulator':
      return 'the emulator imports nothing of the other layers';
    case 'kernel':
      return 'the kernel imports only itself (and the emulator through kernel/arch)';
    case 'pager':
    case 'vfs':
      if (to === 'kernel/service.ts' || (lf === 'pager' && lt === 'vfs' && to === 'vfs/service.ts')) return undefined;
      return `${lf} reaches the kernel only through kernel/service.ts`;
    case 'cli':
      return undefined;
    default:
      return `unknown layer ${lf}`;
  }
}

describe('layering (DESIGN.md import rule)', () => {
  it('every import in src/ respects the rule', () => {
    const bad: string[] = [];
    for (const file of sources(root)) {
      const from = relative(root, file);
      for (const to of imports(file)) {
        let why = violation(from, to);
        if (from.startsWith('kernel/') && to.startsWith('emulator/')) {
          why = from.startsWith('kernel/arch/') ? undefined : 'only kernel/arch may import the emulator';
        }
        if (why !== undefined) bad.push(`${from} -> ${to}: ${why}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the checker itself rejects forbidden edges', () => {
    expect(violation('emulator/cpu/cpu.ts', 'kernel/kernel.ts')).toBeDefined();
    expect(violation('pager/fault.ts', 'emulator/machine.ts')).toBeDefined();
    expect(violation('pager/fault.ts', 'kernel/service.ts')).toBeUndefined();
    expect(violation('cli/main.ts', 'emulator/machine.ts')).toBeUndefined();
  });
});

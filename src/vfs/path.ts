import { ENAMETOOLONG, ENOENT, ENOTDIR, VfsError } from './errno.ts';
import type { Memfs, Vnode } from './memfs.ts';

/** Longest path the VFS accepts, in bytes including the terminating NUL (Linux PATH_MAX). */
export const PATH_MAX = 4096;
/** Longest single name, in bytes (Linux NAME_MAX). */
export const NAME_MAX = 255;

/**
 * Splits a path into its components: runs of '/' count as one separator, a trailing '/' is
 * ignored and '.' components are dropped ('..' is kept: lookup resolves it). Throws ENAMETOOLONG for
 * a path or a component that is too long, ENOENT for an empty path.
 */
export function splitPath(path: string): { absolute: boolean; parts: string[] } {
  if (path.length === 0) throw new VfsError(ENOENT, 'empty path');
  if (Buffer.byteLength(path) >= PATH_MAX) throw new VfsError(ENAMETOOLONG, 'path too long');
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (Buffer.byteLength(p) > NAME_MAX) throw new VfsError(ENAMETOOLONG, 'name too long');
    parts.push(p);
  }
  return { absolute: path.startsWith('/'), parts };
}

/**
 * Walks `parts` from `start` within `root` (a task's root: '..' never climbs above it). Every
 * intermediate component must be a directory (ENOTDIR) that exists (ENOENT).
 */
export function walkParts(fs: Memfs, root: Vnode, start: Vnode, parts: readonly string[]): Vnode {
  let cur = start;
  for (const name of parts) {
    if (cur.entries === undefined) throw new VfsError(ENOTDIR, 'not a directory');
    if (name === '..') {
      if (cur.vnum !== root.vnum) cur = fs.get(cur.parent)!;
      continue;
    }
    const vnum = cur.entries.get(name);
    if (vnum === undefined) throw new VfsError(ENOENT, `${name}: no such file or directory`);
    cur = fs.get(vnum)!;
  }
  return cur;
}

/** Resolves `path` for a task whose root and current directory are given. */
export function lookup(fs: Memfs, root: Vnode, cwd: Vnode, path: string): Vnode {
  const { absolute, parts } = splitPath(path);
  return walkParts(fs, root, absolute ? root : cwd, parts);
}

/**
 * Resolves all but the last component of `path`, for create: returns the parent directory and the
 * new name. A path with no last component ("/", ".", "a/..") has nothing to create: EEXIST-style
 * callers get `name` = undefined and decide (mkdir("/") is EEXIST on Linux).
 */
export function lookupParent(
  fs: Memfs, root: Vnode, cwd: Vnode, path: string,
): { dir: Vnode; name: string | undefined } {
  const { absolute, parts } = splitPath(path);
  const last = parts.at(-1);
  if (last === undefined || last === '..') {
    return { dir: walkParts(fs, root, absolute ? root : cwd, parts), name: undefined };
  }
  const dir = walkParts(fs, root, absolute ? root : cwd, parts.slice(0, -1));
  if (dir.entries === undefined) throw new VfsError(ENOTDIR, 'not a directory');
  return { dir, name: last };
}

import { accessSync, constants, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { VfsError } from './errno.ts';
import { S_IFDIR, S_IFREG, type Memfs, type Vnode } from './memfs.ts';

/** A host-side problem with --rootfs or --save-rootfs: its message is one line for the user. */
export class RootfsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootfsError';
  }
}

/**
 * Copies the host directory tree at `hostDir` into memfs under `into` (the root by default).
 * Names are visited in sorted order so vnode numbers are deterministic; symbolic links are
 * followed; anything that is neither a regular file nor a directory, an unreadable entry or a file
 * over the memfs limits is a RootfsError naming the path. The host tree is only read.
 */
export function importTree(fs: Memfs, hostDir: string, into: Vnode = fs.root): number {
  let st;
  try {
    st = statSync(hostDir);
  } catch {
    throw new RootfsError(`--rootfs ${hostDir}: no such directory`);
  }
  if (!st.isDirectory()) throw new RootfsError(`--rootfs ${hostDir}: not a directory`);
  return copyDir(fs, hostDir, into, 0);
}

function copyDir(fs: Memfs, hostDir: string, dir: Vnode, depth: number): number {
  if (depth > 64) throw new RootfsError(`--rootfs ${hostDir}: directories nested too deeply (a link loop?)`);
  let names: string[];
  try {
    names = readdirSync(hostDir).sort();
  } catch {
    throw new RootfsError(`--rootfs ${hostDir}: cannot read directory`);
  }
  let files = 0;
  for (const name of names) {
    const p = join(hostDir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new RootfsError(`--rootfs ${p}: cannot stat (dangling link?)`);
    }
    try {
      if (st.isDirectory()) {
        const sub = fs.create(dir, name, S_IFDIR | (st.mode & 0o7777));
        files += copyDir(fs, p, sub, depth + 1);
      } else if (st.isFile()) {
        let data: Buffer;
        try {
          data = readFileSync(p);
        } catch {
          throw new RootfsError(`--rootfs ${p}: cannot read file`);
        }
        const v = fs.create(dir, name, S_IFREG | (st.mode & 0o7777));
        fs.writeBytes(v, 0, data);
        files++;
      } else {
        throw new RootfsError(`--rootfs ${p}: not a regular file or directory`);
      }
    } catch (e) {
      if (e instanceof VfsError) throw new RootfsError(`--rootfs ${p}: ${e.message}`);
      throw e;
    }
  }
  return files;
}

/**
 * Writes the memfs tree to a NEW host directory `hostDir` (it must not exist, or be empty), files
 * with their bytes and permission bits. Returns the number of files written.
 */
export function exportTree(fs: Memfs, hostDir: string): number {
  checkSaveTarget(hostDir);
  try {
    mkdirSync(hostDir, { recursive: true });
    return writeDir(fs, fs.root, hostDir);
  } catch (e) {
    if (e instanceof RootfsError) throw e;
    throw new RootfsError(`--save-rootfs ${hostDir}: ${(e as Error).message}`);
  }
}

/**
 * Checks, before a run, that `hostDir` can take --save-rootfs's tree: it is an empty writable
 * directory, or it does not exist and its nearest existing ancestor is a writable directory.
 * Throws RootfsError with one line otherwise. Nothing is created.
 */
export function checkSaveTarget(hostDir: string): void {
  const fail = (why: string): never => {
    throw new RootfsError(`--save-rootfs ${hostDir}: ${why}`);
  };
  if (hostDir === '') fail('empty path');
  let st;
  try {
    st = statSync(hostDir);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') fail('cannot stat');
  }
  if (st !== undefined) {
    if (!st.isDirectory()) fail('exists and is not a directory');
    let names: string[] = [];
    try {
      names = readdirSync(hostDir);
      accessSync(hostDir, constants.W_OK);
    } catch {
      fail('directory not writable');
    }
    if (names.length > 0) fail('exists and is not empty (the tree goes to a new directory)');
    return;
  }
  // Walk up to the first ancestor that exists: it must be a directory we can create entries in.
  for (let dir = dirname(resolve(hostDir)); ; dir = dirname(dir)) {
    let parent;
    try {
      parent = statSync(dir);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') fail(`cannot stat ${dir}`);
      if (dir === dirname(dir)) fail('no existing parent directory');
      continue;
    }
    if (!parent.isDirectory()) fail(`${dir} is not a directory`);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      fail(`cannot create it: ${dir} is not writable`);
    }
    return;
  }
}

function writeDir(fs: Memfs, dir: Vnode, hostDir: string): number {
  let files = 0;
  for (const [name, vnum] of dir.entries!) {
    const v = fs.get(vnum)!;
    const p = join(hostDir, name);
    if (v.entries !== undefined) {
      mkdirSync(p, { mode: v.mode & 0o7777 | 0o700 });
      files += writeDir(fs, v, p);
    } else {
      writeFileSync(p, fs.readBytes(v, 0, v.size), { mode: v.mode & 0o7777 | 0o600 });
      files++;
    }
  }
  return files;
}

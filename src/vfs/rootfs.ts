import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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
  if (existsSync(hostDir) && (!statSync(hostDir).isDirectory() || readdirSync(hostDir).length > 0)) {
    throw new RootfsError(`--save-rootfs ${hostDir}: exists and is not an empty directory`);
  }
  try {
    mkdirSync(hostDir, { recursive: true });
    return writeDir(fs, fs.root, hostDir);
  } catch (e) {
    if (e instanceof RootfsError) throw e;
    throw new RootfsError(`--save-rootfs ${hostDir}: ${(e as Error).message}`);
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

import type { Vma } from './vma.ts';

/**
 * VM objects (Mach vm_object, 4.4BSD vm_object; Codezero's struct vm_object/vm_file, §2.2-2.3):
 * each holds resident pages by page offset and is linked into the object chains of VM areas.
 *
 *   kind      pages come from                             deleted when
 *   devzero   one global zero frame, never written        never (exactly one exists)
 *   bootfile  the boot image's own frames (no copy)       no links and no openers; frames stay
 *   vfsfile   the page cache, filled through the VFS      no links and no openers (flushed first)
 *   shm       its own cache, zero-filled on first touch   no links and no holders
 *   shadow    its own cache: private copies (COW)         no links
 *
 * A shadow sits in front of the object it shadows (`orig`); `shadowers` are the shadows directly in
 * front of an object. Only a shadow can be writable, and only while its pages are mapped by one
 * address space: fork freezes it (writable = false).
 */
export type ObjectKind = 'devzero' | 'bootfile' | 'vfsfile' | 'shm' | 'shadow';

/** Physical address of a frame. */
export type PAddr = number;

/** A resident page: its frame and whether it differs from the backing store. */
export interface Page {
  pa: PAddr;
  dirty: boolean;
}

export class VmObject {
  readonly id: number;
  readonly kind: ObjectKind;
  /** VM_WRITE: a shadow that takes copies; cleared by fork's freeze. */
  writable = false;
  /** Resident pages by page offset in the object. */
  readonly pages = new Map<number, Page>();
  /** The VM areas whose chains contain this object (nlinks = links.size). */
  readonly links = new Set<Vma>();
  /** Shadow objects directly in front of this one (shadows = shadowers.size). */
  readonly shadowers = new Set<VmObject>();
  /** For a shadow: the object it shadows. */
  orig: VmObject | undefined;
  /** Files: the VFS vnode, length in bytes, the length fs0 last learned, descriptor count. */
  vnum = -1;
  length = 0;
  syncedLength = 0;
  openers = 0;
  /** Boot files: first frame and number of pages; shm: its segment (undefined: anonymous). */
  physBase = 0;
  npages = 0;
  segment: ShmSegment | undefined;
  readonly name: string;

  constructor(id: number, kind: ObjectKind, name: string) {
    this.id = id;
    this.kind = kind;
    this.name = name;
  }

  /** "shadow#12": how diagnostics name the object. */
  label(): string {
    return `${this.kind}#${this.id}(${this.name})`;
  }
}

/**
 * A System V shared-memory segment (§4.3) or a utcb page's segment. Its object lives while it is
 * attached somewhere or held by a task that got its id (`holders`); see shm.ts.
 */
export interface ShmSegment {
  readonly shmid: number;
  /** The key; IPC_PRIVATE segments have key undefined and can never be looked up. */
  readonly key: number | undefined;
  readonly npages: number;
  /** The one global attach address, 0 until the first attach. */
  addr: number;
  readonly utcb: boolean;
  readonly object: VmObject;
  /** Tids of live tasks that obtained the id through shmget/shmat (or own the utcb page). */
  readonly holders: Set<number>;
}

/**
 * The global object registry (Codezero's global_vm_objects and global_vm_files, §2.2) with the
 * counts the leak checks read.
 */
export class ObjectRegistry {
  readonly objects = new Set<VmObject>();
  /** VFS files by vnum: one object per file, shared by every opener and mapping. */
  readonly files = new Map<number, VmObject>();
  readonly devzero: VmObject;
  private nextId = 0;

  constructor(zeroFrame: PAddr) {
    this.devzero = this.create('devzero', 'devzero');
    this.devzero.pages.set(0, { pa: zeroFrame, dirty: false });
  }

  /** A new object of `kind`, registered. */
  create(kind: ObjectKind, name: string): VmObject {
    const o = new VmObject(this.nextId++, kind, name);
    this.objects.add(o);
    return o;
  }

  /** Forgets `o` (its pages must already be released). */
  remove(o: VmObject): void {
    this.objects.delete(o);
    if (o.kind === 'vfsfile' && this.files.get(o.vnum) === o) this.files.delete(o.vnum);
  }

  /** Objects of `kind`. */
  count(kind: ObjectKind): number {
    let n = 0;
    for (const o of this.objects) if (o.kind === kind) n++;
    return n;
  }
}

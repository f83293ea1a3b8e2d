/**
 * What kread serves (ABI §2.6, §8.2).
 *
 * Page map, 4104 bytes:   +0 pfn_start (0)  +4 pfn_end (0x8000)  +8 u32 bits[1024]
 *   bit i (word i >> 5, bit i & 31) set = physical page i in use.
 * Boot descriptor, packed: +0 desc_size  +4 total_images  +8 { char name[16]; u32 phys_start;
 *   u32 phys_end; } × total_images (24 bytes each).
 */
export const PAGE_MAP_SIZE = 4104;
export const BOOTDESC_RECORD = 24;

/** A page map marking physical pages [0, usedEnd / 4096) used, covering 128 MB. */
export function buildPageMap(usedEnd: number, ramSize: number): Uint8Array {
  const b = new Uint8Array(PAGE_MAP_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0, true);
  v.setUint32(4, ramSize / 4096, true);
  const pages = Math.ceil(usedEnd / 4096);
  for (let i = 0; i < pages; i++) b[8 + (i >>> 3)]! |= 1 << (i & 7);
  return b;
}

/** A boot descriptor for `images` (names truncated to 15 bytes plus NUL). */
export function buildBootdesc(images: readonly { name: string; physStart: number; physEnd: number }[]): Uint8Array {
  const size = 8 + images.length * BOOTDESC_RECORD;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  v.setUint32(0, size, true);
  v.setUint32(4, images.length, true);
  images.forEach((img, i) => {
    const at = 8 + i * BOOTDESC_RECORD;
    const name = img.name.slice(0, 15);
    for (let j = 0; j < name.length; j++) b[at + j] = name.charCodeAt(j) & 0xff;
    v.setUint32(at + 16, img.physStart, true);
    v.setUint32(at + 20, img.physEnd, true);
  });
  return b;
}

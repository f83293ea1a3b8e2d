/**
 * czemu's disassembler: ARM and Thumb words formatted exactly as GNU objdump 2.40 prints them,
 * classified by the executor's own decode tables so that the text names what czemu executes.
 */
export { disassembleArm, undefinedArm } from './arm.ts';
export { disassembleThumb, disassembleThumbSized, isThumbPairPrefix, undefinedThumb } from './thumb.ts';
export { disassembleElf, ObjdumpSymbols, type ElfDisasmOptions } from './elf.ts';
export { formatAddress, type AddressNames } from './format.ts';

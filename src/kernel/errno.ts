/**
 * Error numbers returned to guests, negated (ABI §2.1: Linux numbering, plus Codezero's EACTIVE).
 * Syscalls return these as `-E...` in r0; IS_ERR() in guests treats (-0x1000, 0) as errors.
 */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const EINVAL = 22;
export const ENOSYS = 38;
/** Codezero @44c3402: "Task active" (exchange_registers on a thread that is not INACTIVE). */
export const EACTIVE = 132;

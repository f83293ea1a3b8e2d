/** Returned by a syscall that blocked the caller: r0 is written when the call completes. */
export const BLOCKED: unique symbol = Symbol('blocked');
export type SyscallResult = number | typeof BLOCKED;

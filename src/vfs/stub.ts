import {
  ENOSYS, L4_IPC_TAG_SYNC, MR_RETURN, VFS_TID, type HostedService, type ServiceReply,
  type ServiceRequest,
} from '../kernel/service.ts';

/**
 * A placeholder VFS at tid 1 (Codezero's fs0) until the VFS issue lands: SYNC gets no reply, every
 * other request -ENOSYS, so programs that touch files fail cleanly instead of blocking.
 */
export class VfsStub implements HostedService {
  readonly tid = VFS_TID;
  readonly name = 'fs0';

  /** Answers -ENOSYS (SYNC: no reply). */
  handle(req: ServiceRequest): ServiceReply {
    if (req.kind === 'ipc' && req.mrs[0] === L4_IPC_TAG_SYNC) return { kind: 'none' };
    const out = req.mrs.slice();
    out[MR_RETURN] = -ENOSYS;
    return { kind: 'reply', mrs: out };
  }
}

import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { ParticipantAccess, ParticipantsService } from '../participants/index.ts';

export interface CaseworkDeps {
  db: Db;
  audit: AuditService;
  participants: ParticipantsService;
  directory: Pick<DirectoryService, 'getService'>;
}

/**
 * Her casework (contacts, assessments, plan, referrals she was sent on) belongs to the owning
 * organisation: a partner that sees shared sections of her record sees none of it (404).
 */
export async function ownerAccess(
  deps: CaseworkDeps,
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
  need: 'read' | 'write',
): Promise<ParticipantAccess> {
  const access = await deps.participants.access(actor, participantId, need, tx);
  if (access.level !== 'owner') throw new NotFoundError();
  return access;
}

export async function audit(
  deps: CaseworkDeps,
  tx: DbOrTx,
  actor: Actor | null,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

export const isUuid = (s: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

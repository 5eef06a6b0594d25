import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { ParticipantAccess, ParticipantHeader, ParticipantsService } from '../participants/index.ts';

export interface CaseworkDeps {
  db: Db;
  audit: AuditService;
  participants: ParticipantsService;
  directory: Pick<DirectoryService, 'getService'>;
  /** Emails staff (a referral they sent was answered); absent in tools that send nothing. */
  mailer?: Mailer;
  /** The site's address, for links in those emails. */
  publicBaseUrl?: string;
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

/**
 * The same owner rule, returning her record header (name, status, safe contact) from the one read
 * of her row that made the decision: pages about her need no second access check.
 */
export async function ownerHeader(
  deps: CaseworkDeps,
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
  need: 'read' | 'write',
): Promise<ParticipantHeader> {
  const header = await deps.participants.header(actor, participantId, need, tx);
  if (header.access.level !== 'owner') throw new NotFoundError();
  return header;
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

export { isUuid } from '../../platform/http/zod.ts';

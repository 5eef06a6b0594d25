import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { ParticipantsService } from '../participants/index.ts';

/** What the outcomes module is given by the composition root: never another module's tables. */
export interface OutcomesDeps {
  db: Db;
  audit: AuditService;
  participants: ParticipantsService;
}

export async function audit(
  deps: OutcomesDeps,
  tx: DbOrTx,
  actor: Actor | null,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

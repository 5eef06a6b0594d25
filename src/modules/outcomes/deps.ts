import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { ParticipantsService } from '../participants/index.ts';
import type { ReportingSources } from './sources.ts';

/** What the outcomes module is given by the composition root: never another module's tables. */
export interface OutcomesDeps {
  db: Db;
  audit: AuditService;
  participants: ParticipantsService;
  /** Other modules' rows for the indicators, as SQL subqueries from their doors (sources.ts). */
  sources: ReportingSources;
  /** Local authority areas by code and name (the directory's door), for the area filter. */
  localAreas: () => Promise<readonly { code: string; name: string }[]>;
  /** For the wellbeing link in her message. */
  publicBaseUrl: string;
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

import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { CaseworkService } from '../casework/index.ts';
import type { EmploymentService } from '../employment/index.ts';

/** What the commissioning module is given: the database, audit, and two doors for aggregate figures. */
export interface CommissioningDeps {
  db: Db;
  audit: AuditService;
  /** Referral flows and drop-in attendance, aggregate only. */
  casework: Pick<CaseworkService, 'referralFlows' | 'dropInAttendance'>;
  /** Opportunities and offers, aggregate only. */
  employment: Pick<EmploymentService, 'report'>;
}

export async function audit(
  deps: CommissioningDeps,
  tx: DbOrTx,
  actor: Actor,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

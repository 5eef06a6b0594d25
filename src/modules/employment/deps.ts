import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { DirectoryService } from '../directory/index.ts';
import type { OutcomeRecorder } from '../outcomes/index.ts';
import type { ParticipantsService } from '../participants/index.ts';

/** What the employment module is given: the database, audit, the field cipher, and two doors. */
export interface EmploymentDeps {
  db: Db;
  audit: AuditService;
  cipher: FieldCipher;
  participants: ParticipantsService;
  /** Postcode districts to points, through the directory's door. */
  directory: Pick<DirectoryService, 'findPlace'>;
  /** For the monthly digest to staff (absent: no digest is emailed). */
  mailer?: Mailer;
  /** PUBLIC_BASE_URL, for the digest's link. */
  publicBaseUrl?: string;
  /** Offers made, accepted (her job start) and declined are reported here (absent: not reported). */
  outcomes?: OutcomeRecorder;
}

export async function audit(
  deps: EmploymentDeps,
  tx: DbOrTx,
  actor: Actor | null,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

/** The centre of a postcode district ("LS1"), or null when the directory does not know it. */
export async function districtPoint(
  deps: EmploymentDeps,
  district: string | null,
): Promise<{ latitude: number; longitude: number } | null> {
  if (!district) return null;
  const found = await deps.directory.findPlace(district);
  if (found.kind !== 'found' || found.place.kind !== 'postcode') return null;
  return { latitude: found.place.latitude, longitude: found.place.longitude };
}

/** Today as YYYY-MM-DD (UTC date; dates here are whole days). */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

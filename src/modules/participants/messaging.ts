import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { hasConsent } from './consent.ts';
import type { ParticipantsDeps } from './extensions.ts';
import { decryptOrNull } from './record.ts';
import { participants } from './schema.ts';

export interface MessagingDetails {
  organisationId: string;
  /** Her safe contact methods (phone, sms, email, whatsapp, in_person). */
  contactMethods: string[];
  phone: string | null;
  email: string | null;
  languages: string[];
  /** Her current answers in the consent ledger for contact by SMS and by email. */
  consents: { sms: boolean; email: boolean };
}

/**
 * What a module needs to send her a message it is allowed to send (an appointment confirmation or
 * reminder): her decrypted phone and email, her safe contact methods, her languages and her consent
 * to contact by SMS and email, read now so a withdrawal stops the next message. Null once erased.
 * Not audited or access-checked here: the caller has checked its actor (or is a scheduled job of
 * the owning organisation's own bookings) and audits the message it sends.
 */
export async function messagingDetails(
  deps: ParticipantsDeps,
  participantId: string,
  db: DbOrTx = deps.db,
): Promise<MessagingDetails | null> {
  const [p] = await db
    .select({
      organisationId: participants.organisationId,
      contactMethods: participants.contactMethods,
      phoneEnc: participants.phoneEnc,
      emailEnc: participants.emailEnc,
      languages: participants.languages,
      erasedAt: participants.erasedAt,
    })
    .from(participants)
    .where(eq(participants.id, participantId));
  if (!p || p.erasedAt) return null;
  return {
    organisationId: p.organisationId,
    contactMethods: p.contactMethods,
    phone: decryptOrNull(deps.cipher, p.phoneEnc),
    email: decryptOrNull(deps.cipher, p.emailEnc),
    languages: p.languages,
    consents: {
      sms: await hasConsent(db, participantId, 'contact_sms'),
      email: await hasConsent(db, participantId, 'contact_email'),
    },
  };
}

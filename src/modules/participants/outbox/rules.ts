import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import type { I18n } from '../../../platform/i18n/index.ts';
import { hasConsent } from '../consent.ts';
import { channelConsent, channelUsable } from '../contact-rules.ts';
import type { ParticipantsDeps } from '../extensions.ts';
import { decryptOrNull } from '../record.ts';
import { participants } from '../schema.ts';
import type { OutboxChannel } from './schema.ts';

/**
 * The rules that decide whether she may be sent a message on a channel, read from her record at the
 * moment of writing and again at the moment of sending (a withdrawal stops the next message):
 * the one contact rule (contact-rules.ts: current consent in the ledger AND the channel among her
 * safe contact methods), and an address on her record.
 */
export interface Her {
  organisationId: string;
  contactMethods: string[];
  phone: string | null;
  email: string | null;
  languages: string[];
  consents: Record<OutboxChannel, boolean>;
}

export type RefusalReason = 'no_consent' | 'not_safe_method' | 'no_address' | 'erased';

/** Her contact details and consents, decrypted; null once erased (or never there). */
export async function readHer(
  deps: ParticipantsDeps,
  db: DbOrTx,
  participantId: string,
): Promise<Her | null> {
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

/** Where to send on this channel, or why she may not be sent anything on it. */
export function addressFor(
  her: Her | null,
  channel: OutboxChannel,
): { address: string } | { refused: RefusalReason } {
  if (!her) return { refused: 'erased' };
  // The one contact rule (contact-rules.ts), as her record and her contact form show it.
  const consents = new Set(her.consents[channel] ? [channelConsent[channel]] : []);
  const rule = channelUsable(channel, { consents, contactMethods: her.contactMethods });
  if (!rule.usable) return { refused: rule.reasons[0]! };
  const address = channel === 'sms' ? her.phone : her.email;
  return address ? { address } : { refused: 'no_address' };
}

/** The first of her languages the app speaks (by code, code-region or English name), else English. */
export function languageFor(i18n: I18n, languages: string[]): string {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  for (const raw of languages) {
    const l = raw.trim().toLowerCase();
    for (const { code } of i18n.languages) {
      if (l === code || l.startsWith(`${code}-`) || l === names.of(code)?.toLowerCase()) return code;
    }
  }
  return 'en';
}

/** Hours (UK time) a message may arrive in: from `fromHour` until before `untilHour`. */
export interface SendWindow {
  fromHour: number;
  untilHour: number;
}
/** Daytime: a text arriving at night is more likely to be seen by someone else. */
export const DAYTIME: SendWindow = { fromHour: 8, untilHour: 20 };

export function londonHour(at: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(
      at,
    ),
  );
}

export const withinWindow = (window: SendWindow | null | undefined, at: Date) =>
  !window || (londonHour(at) >= window.fromHour && londonHour(at) < window.untilHour);

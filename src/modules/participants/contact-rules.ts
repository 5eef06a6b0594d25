import { contactMethods } from './codes.ts';
import type { ConsentPurpose } from './schema.ts';

/**
 * The one rule for contacting her, used wherever her contact is set or shown and by the outbox
 * before every message: a channel may be used only when she has agreed to it (its consent purpose,
 * current in the ledger) AND it is listed among her safe ways of contact. Either alone is not
 * enough: consent without "safe" may reach a phone someone else reads; "safe" without consent is
 * contact she did not agree to. Pure: the caller reads her consents and safe methods.
 */
export type ContactChannel = (typeof contactMethods)[number];
export type ChannelRefusal = 'no_consent' | 'not_safe_method';

/** The consent each channel needs. Meeting her in person is part of the support she agreed to. */
export const channelConsent: Record<ContactChannel, ConsentPurpose> = {
  phone: 'contact_phone',
  sms: 'contact_sms',
  email: 'contact_email',
  whatsapp: 'contact_whatsapp',
  in_person: 'support',
};

export interface ContactFacts {
  /** Purposes she currently consents to. */
  consents: ReadonlySet<ConsentPurpose>;
  /** Channels listed as safe ways to contact her. */
  contactMethods: readonly string[];
}

export interface ChannelState {
  channel: ContactChannel;
  usable: boolean;
  /** Why not, in a fixed order: consent first, then safety. */
  reasons: ChannelRefusal[];
}

export function channelUsable(channel: ContactChannel, her: ContactFacts): ChannelState {
  const reasons: ChannelRefusal[] = [];
  if (!her.consents.has(channelConsent[channel])) reasons.push('no_consent');
  if (!her.contactMethods.includes(channel)) reasons.push('not_safe_method');
  return { channel, usable: reasons.length === 0, reasons };
}

/** Every channel, in the order forms list them. */
export const channelStates = (her: ContactFacts): ChannelState[] =>
  contactMethods.map((c) => channelUsable(c, her));

/**
 * The channels worth showing staff: the usable ones, and those half set up (listed as safe without
 * her consent, or consented but not listed as safe), which are the ones that surprise.
 */
export const channelsToShow = (her: ContactFacts): ChannelState[] =>
  channelStates(her).filter(
    (s) =>
      s.usable ||
      (s.reasons.length === 1 && (s.channel !== 'in_person' || her.contactMethods.includes(s.channel))),
  );

/** Her current consents (not per organisation) as the rule reads them, from her record's consent list. */
export const consentedPurposes = (
  consents: readonly { purpose: ConsentPurpose; given: boolean; organisationId: string | null }[],
) => new Set(consents.filter((c) => c.given && !c.organisationId).map((c) => c.purpose));

import { platformI18n } from '../../platform/i18n/index.ts';
import { taggedPdf } from '../../platform/pdf.ts';
import { languageFor } from './outbox/rules.ts';
import type { SubjectAccessExport } from './rights.ts';

export type Translate = (key: string, values?: Record<string, unknown>) => string;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** A code the app stores (entry_1, share_organisation, participant.viewed): never shown as it is. */
const CODE = /^[a-z][a-z0-9]*([_.-][a-z0-9]+)*$/;

/** Markers about staff rather than her (has the referrer opened the partner's answer yet). */
const staffOnly = new Set(['answerUnseen']);
/**
 * Fields that mean nothing to her: database ids (the names they point to are exported beside
 * them), encrypted columns, the audit chain's hashes, staff-only markers. The JSON export keeps
 * them for machines.
 */
const hiddenField = (key: string) =>
  /^(id|seq|hash|prevHash)$|Id$|Ids$|Enc$|Hash$/.test(key) || staffOnly.has(key);

/** Which list of names a field's codes come from, when the field's name does not say it. */
const codeFamilies: Record<string, string[]> = {
  englishLevel: ['participants.codes.englishLevels'],
  status: ['participants.codes.statuses', 'casework.codes.referralStatus', 'casework.planProgress.statuses'],
  toStatus: ['participants.codes.statuses'],
  fromStatus: ['participants.codes.statuses'],
  contactMethods: ['participants.codes.contactMethods'],
  channel: ['participants.codes.contactMethods'],
  availableDays: ['participants.codes.days'],
  purpose: ['participants.codes.purposes'],
  method: ['participants.codes.consentMethods'],
  immigrationStatus: ['participants.codes.immigrationStatuses'],
  rightToWorkMethod: ['participants.codes.rightToWorkMethods'],
  rightToWorkOutcome: ['participants.codes.rightToWorkOutcomes'],
  enicLevel: ['participants.codes.enicLevels'],
  workKind: ['participants.codes.workKinds'],
  sections: ['participants.codes.shareSections'],
  reason: ['participants.codes.reasons'],
  kind: ['casework.codes.contactKinds'],
  action: ['admin.audit.actions'],
};

/** "keyWorkerHistory" -> "Key worker history", "entry_1" -> "Entry 1": the last resort for a label. */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface SubjectAccessText {
  /** Strings in the document's language. */
  t: Translate;
  /** The document's language (BCP 47), for its /Lang and its dates. */
  lang: string;
}

/**
 * The document's language: the first of her languages the app speaks, as her messages are. Not a
 * right-to-left one (Arabic) yet: pdfkit shapes Arabic letters (fontkit, with DejaVu Sans) but
 * lays every line out left to right, so the words of an Arabic sentence would print in reverse
 * order; and the export's strings are not translated into Arabic yet. Until both are true the
 * document is in English and says so.
 */
export async function subjectAccessText(languages: string[]): Promise<SubjectAccessText> {
  const i18n = await platformI18n();
  const hers = languageFor(i18n, languages);
  const lang = i18n.dir(hers) === 'rtl' ? 'en' : hers;
  return { t: i18n.t(lang) as unknown as Translate, lang };
}

/**
 * Her subject access export as a document she can read (UK GDPR Art. 12: concise, intelligible,
 * plain language): one section per part of her record with a heading, labels instead of field
 * names, codes in words, dates written out, no database ids; tagged (headings, paragraphs, /Lang)
 * so a screen reader can follow it. The JSON export stays the complete machine-readable copy.
 */
export function subjectAccessPdf(data: SubjectAccessExport, { t, lang }: SubjectAccessText): Promise<Buffer> {
  const name = data.participant.preferredName;
  const locale = lang === 'en' ? 'en-GB' : lang;
  const { doc, done } = taggedPdf({
    title: t('participants.export.pdfTitle', { name }),
    lang: locale,
    pdfVersion: '1.7',
  });

  const has = (key: string) => t(key) !== key;
  const firstOf = (keys: string[]) => keys.find(has);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/London' });
  const moment = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });

  const label = (key: string) => {
    const k = firstOf([`participants.export.fields.${key}`, `participants.fields.${key}`]);
    return k ? t(k) : humanise(key);
  };
  const sectionTitle = (key: string) => {
    const k = firstOf([`participants.export.sections.${key}`]);
    return k ? t(k) : humanise(key);
  };
  const code = (field: string, v: string) => {
    const k = firstOf((codeFamilies[field] ?? []).map((f) => `${f}.${v}`));
    return k ? t(k) : humanise(v);
  };
  /** A value in words, or null when there is nothing to say. */
  const words = (field: string, v: unknown): string | null => {
    if (v === null || v === undefined || v === '') return null;
    if (v instanceof Date) return moment.format(v);
    if (typeof v === 'boolean') return t(v ? 'participants.export.yes' : 'participants.export.no');
    if (typeof v === 'number') return new Intl.NumberFormat(locale).format(v);
    if (Array.isArray(v)) {
      const parts = v.map((x) => words(field, x)).filter((x): x is string => x !== null);
      return parts.length ? parts.join(', ') : null;
    }
    if (typeof v !== 'string') return null;
    if (UUID.test(v)) return null;
    if (ISO_DAY.test(v)) return day.format(new Date(`${v}T12:00:00Z`));
    if (ISO_TIME.test(v)) return moment.format(new Date(v));
    if (CODE.test(v) && (codeFamilies[field] || /[_.]/.test(v))) return code(field, v);
    return v;
  };

  const section = doc.struct('Sect');
  doc.addStructure(section);
  const para = (text: string, size: number, tag: 'H1' | 'H2' | 'H3' | 'H4' | 'P', gap = 0.3) => {
    const el = doc.struct(tag, {}, () => {
      doc.fontSize(size).text(text, { paragraphGap: 2 });
    });
    section.add(el);
    el.end();
    doc.moveDown(gap);
  };

  /** Writes an object's fields as "Label: value"; nested parts get their own heading. */
  const writeObject = (obj: Record<string, unknown>, depth: number): boolean => {
    let wrote = false;
    for (const [k, v] of Object.entries(obj)) {
      if (hiddenField(k)) continue;
      if (isPlainObject(v) || (Array.isArray(v) && v.some(isPlainObject))) {
        const items = Array.isArray(v) ? v.filter(isPlainObject) : [v];
        if (!items.length) continue;
        para(label(k), depth >= 3 ? 11 : 12, depth >= 3 ? 'H4' : 'H3');
        items.forEach((item, i) => {
          if (items.length > 1)
            para(t('participants.export.item', { n: i + 1, total: items.length }), 10, 'P', 0);
          writeObject(item, depth + 1);
        });
        wrote = true;
        continue;
      }
      const value = words(k, v);
      if (value === null) continue;
      para(`${label(k)}: ${value}`, 10, 'P', 0.1);
      wrote = true;
    }
    return wrote;
  };

  para(t('participants.export.pdfTitle', { name }), 18, 'H1');
  para(t('participants.export.pdfIntro', { date: day.format(new Date(data.exportedAt)) }), 11, 'P');
  para(t('participants.export.pdfHow'), 11, 'P', 0.8);

  // The casework module's parts (contacts, referrals, plan...) arrive as one object: each is a section.
  const sections: [string, unknown][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'exportedAt') continue;
    if (key === 'casework' && isPlainObject(value)) sections.push(...Object.entries(value));
    else sections.push([key, value]);
  }
  for (const [key, value] of sections) {
    para(sectionTitle(key), 14, 'H2');
    let wrote = false;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        para(t('participants.export.item', { n: i + 1, total: value.length }), 11, 'H3', 0.1);
        if (isPlainObject(item)) writeObject(item, 3);
        else para(words(key, item) ?? '—', 10, 'P');
        wrote = true;
      });
    } else if (isPlainObject(value)) wrote = writeObject(value, 2);
    else {
      const w = words(key, value);
      if (w) para(w, 10, 'P');
      wrote = w !== null;
    }
    if (!wrote) para(t('participants.export.nothing'), 10, 'P');
    doc.moveDown(0.6);
  }
  section.end();
  doc.end();
  return done;
}

import type { Actor } from '../../platform/auth/actor.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { taggedPdf } from '../../platform/pdf.ts';
import { audit, type EmploymentDeps } from './deps.ts';
import { decryptProfile, profileRow } from './profiles.ts';

/**
 * Her CV, in English, from her work profile and her record's qualifications and work history. No
 * address, phone or email: she adds the contact she chooses to the editable copy herself.
 */
export interface Cv {
  name: string;
  sections: { heading: string; lines: string[] }[];
}

const dayNames: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** Her CV's content (owner access, her consent to matching); audited as 'work-profile.cv'. */
export async function cvOf(
  deps: EmploymentDeps,
  actor: Actor,
  participantId: string,
  format: string,
): Promise<Cv> {
  const record = await deps.participants.view(actor, participantId);
  if (record.access.level !== 'owner') throw new NotFoundError();
  await deps.participants.requireConsent(participantId, 'matching');
  const row = await profileRow(deps.db, participantId);
  const p = row ? decryptProfile(deps, row, false) : null;
  const sections: Cv['sections'] = [];
  const add = (heading: string, lines: (string | null | undefined)[]) => {
    const kept = lines.filter((l): l is string => Boolean(l));
    if (kept.length) sections.push({ heading, lines: kept });
  };
  add('Aspirations', p?.aspirations.length ? [p.aspirations.join(', ')] : []);
  add('Skills', p?.skills.length ? [p.skills.join(', ')] : []);
  add(
    'Work history',
    (record.workHistory ?? []).map(
      (w) =>
        `${w.role}${w.employer ? `, ${w.employer}` : ''}${w.country ? ` (${w.country})` : ''}${
          w.fromYear ? `, ${w.fromYear}${w.toYear ? `–${w.toYear}` : ''}` : ''
        }`,
    ),
  );
  add(
    'Qualifications',
    (record.qualifications ?? []).map(
      (q) =>
        `${q.title}${q.subject ? `, ${q.subject}` : ''}${q.country ? ` (${q.country})` : ''}${
          q.yearAwarded ? `, ${q.yearAwarded}` : ''
        }${q.enicLevel?.startsWith('rqf_') ? ` — UK ENIC comparable to RQF level ${q.enicLevel.slice(4)}` : ''}`,
    ),
  );
  add('Languages', [
    record.languages?.languages.length ? record.languages.languages.join(', ') : null,
    p?.spokenEnglish || p?.writtenEnglish
      ? `English: spoken ${p.spokenEnglish ?? 'not assessed'}, written ${p.writtenEnglish ?? 'not assessed'} (CEFR)`
      : null,
  ]);
  add(
    'Availability',
    p
      ? [
          ...p.availability.map((w) => `${dayNames[w.day]} ${w.from}–${w.to}`),
          p.schoolHoursOnly ? 'School hours' : null,
          p.termTimeOnly ? 'Term time only' : null,
        ]
      : [],
  );
  await audit(deps, deps.db, actor, 'work-profile.cv', 'participant', participantId, { format });
  return { name: record.preferredName, sections };
}

/** The CV as an accessible (tagged, en-GB) PDF. */
export function cvPdf(cv: Cv): Promise<Buffer> {
  const { doc, done } = taggedPdf({ title: `Curriculum vitae: ${cv.name}`, lang: 'en-GB' });
  const section = doc.struct('Sect');
  doc.addStructure(section);
  const para = (text: string, size: number, tag: 'H1' | 'H2' | 'P') => {
    const el = doc.struct(tag, {}, () => {
      doc.fontSize(size).text(text);
    });
    section.add(el);
    el.end();
  };
  para(cv.name, 20, 'H1');
  for (const s of cv.sections) {
    doc.moveDown(0.5);
    para(s.heading, 14, 'H2');
    for (const line of s.lines) para(line, 11, 'P');
  }
  section.end();
  doc.end();
  return done;
}

/** RTF escapes: backslash and braces, and every character beyond ASCII as \uN? (Word, LibreOffice). */
const rtfText = (s: string) =>
  [...s]
    .map((ch) => {
      if (ch === '\\' || ch === '{' || ch === '}') return `\\${ch}`;
      const code = ch.codePointAt(0)!;
      if (code < 128) return ch;
      // RTF's \u takes a signed 16-bit value; characters beyond the BMP go as their UTF-16 halves.
      return [...String.fromCodePoint(code)]
        .flatMap((c) => [...Array(c.length).keys()].map((i) => c.charCodeAt(i)))
        .map((u) => `\\u${u > 32767 ? u - 65536 : u}?`)
        .join('');
    })
    .join('');

/** The CV as an editable Rich Text document, opened by Word, LibreOffice and Google Docs. */
export function cvRtf(cv: Cv): string {
  const out = ['{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs22'];
  out.push(`{\\pard\\b\\fs36 ${rtfText(cv.name)}\\par}`);
  out.push('{\\pard\\i [Add the contact details you choose to share]\\par}');
  for (const s of cv.sections) {
    out.push(`{\\pard\\sb240\\b\\fs28 ${rtfText(s.heading)}\\par}`);
    for (const line of s.lines) out.push(`{\\pard ${rtfText(line)}\\par}`);
  }
  out.push('}');
  return out.join('\r\n');
}

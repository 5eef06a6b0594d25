import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../tests/support/pdf.ts';
import { subjectAccessPdf, subjectAccessText } from './pdf.ts';
import type { SubjectAccessExport } from './rights.ts';

/** Just the parts of an export these checks read; the full shape is tested through the routes. */
const exportOf = (parts: Record<string, unknown>) =>
  ({
    exportedAt: '2026-12-05T10:00:00.000Z',
    participant: { preferredName: 'Ayan' },
    ...parts,
  }) as unknown as SubjectAccessExport;

describe('her subject access PDF', () => {
  it('leaves out the staff-only markers of a referral, keeps what it says about her', async () => {
    const pdf = await subjectAccessPdf(
      exportOf({
        casework: {
          referrals: [{ serviceName: 'Advice Clinic', status: 'accepted', answerUnseen: true }],
        },
      }),
      await subjectAccessText(['English']),
    );
    const text = pdfText(pdf);
    expect(text).toContain('Advice Clinic');
    expect(text).toContain('Status: Accepted');
    // Whether her key worker has yet opened the partner's answer is about staff, not her.
    expect(text).not.toContain('Answer unseen');
  });
});

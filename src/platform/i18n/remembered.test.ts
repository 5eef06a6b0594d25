// Pages ask `t` for the same strings again and again, so a plain key is translated once per language;
// anything with values (interpolation, plurals) must still be worked out on every call.
import { describe, expect, it } from 'vitest';
import { createI18n } from './index.ts';

describe('translations remembered per language', () => {
  it('gives the same text for a plain key, in each language, and still fills in values each time', async () => {
    const i18n = await createI18n();
    const en = i18n.t('en');
    const ar = i18n.t('ar');
    const first = en('admin.organisations.addedFlash');
    expect(en('admin.organisations.addedFlash')).toBe(first);
    expect(en('admin.organisations.addedFlash', { name: 'Harbour' })).toContain('Harbour');
    expect(en('admin.organisations.addedFlash', { name: 'Ridge' })).toContain('Ridge');
    const values = { date: '5 May', time: '10am', place: 'the library' };
    expect(ar('appointments.message.confirmation', values)).toContain('the library');
    expect(ar('appointments.message.confirmation', values)).not.toBe(
      en('appointments.message.confirmation', values),
    );
    // Plurals are values too: one and many are different sentences.
    const one = en('coverage.headline.all', { count: 1, total: 3, what: 'x', domains: 'y' });
    const many = en('coverage.headline.all', { count: 2, total: 3, what: 'x', domains: 'y' });
    expect(one).not.toBe(many);
  });

  it('nests another string by a value, in a page whose language lacks both (English, marked)', async () => {
    const i18n = await createI18n();
    const text = i18n.pageT('ar')('casework.errors.needMissing', { domain: 'housing' }) as string;
    expect(text).toContain('Housing');
    expect(text).not.toContain('casework.domains');
  });
});

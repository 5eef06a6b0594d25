import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/index.ts';
import { createNunjucks, finishingPages } from './index.ts';
import { finishPage, scriptLanguage, UNTRANSLATED as U } from './page-html.ts';

const page = (lang: string, body: string) =>
  `<!DOCTYPE html><html lang="${lang}"><body>${body}</body></html>`;
const bodyOf = (html: string) => /<body>([\s\S]*)<\/body>/.exec(html)![1];

describe('finishPage: language', () => {
  it('turns an untranslated string into an English span, and its values into isolated units', () => {
    const html = finishPage(
      page('ar', `<p>${U.start}Last reviewed on ${U.valueStart}٥ ديسمبر ٢٠٢٦${U.valueEnd}${U.end}</p>`),
    );
    expect(bodyOf(html)).toBe(
      '<p><span lang="en" dir="ltr">Last reviewed on <bdi><span lang="ar" dir="rtl">٥ ديسمبر ٢٠٢٦</span></bdi></span></p>',
    );
  });

  it('keeps markers out of attributes, titles, scripts and options (whose own tag takes the language)', () => {
    const html = finishPage(
      `<html lang="ar"><head><title>${U.start}Caseload${U.end}</title></head><body>` +
        `<a aria-label="${U.start}Menu${U.end}" href="/">${U.start}Home${U.end}</a>` +
        `<select><option value="x">${U.start}Any area${U.end}</option></select></body></html>`,
    );
    expect(html).toContain('<title>Caseload</title>');
    expect(html).toContain('aria-label="Menu"');
    expect(html).toContain('<span lang="en" dir="ltr">Home</span>');
    expect(html).toContain('<option lang="en" dir="ltr" value="x">Any area</option>');
    expect(html).not.toMatch(/[\uE000-\uE003]/);
  });

  it('marks data by its script where the page is in another language, and leaves it where it is not', () => {
    expect(bodyOf(finishPage(page('ar', '<p>مرحبا</p><p>Harbour Women&#39;s Centre</p><p>12</p>')))).toBe(
      '<p>مرحبا</p><p><span lang="en" dir="ltr">Harbour Women&#39;s Centre</span></p><p>12</p>',
    );
    expect(bodyOf(finishPage(page('en', '<p>Amina</p><p>أمينة</p>')))).toBe(
      '<p>Amina</p><p><span lang="ar" dir="rtl">أمينة</span></p>',
    );
    // An entity is not a word, alone or beside words (the pagination's ellipsis).
    expect(bodyOf(finishPage(page('ar', '<li>\n  &ctdot;\n</li><p>سكن &ctdot; Leeds &amp; Hull</p>')))).toBe(
      '<li>\n  &ctdot;\n</li><p>سكن &ctdot; <span lang="en" dir="ltr">Leeds &amp; Hull</span></p>',
    );
    // Already marked: left alone.
    const marked = '<p lang="en">Harbour</p>';
    expect(bodyOf(finishPage(page('ar', marked)))).toBe(marked);
  });

  it('judges a run by its letters, not by entities, numbers or punctuation', () => {
    expect(scriptLanguage('&amp; 12 – 3')).toBeUndefined();
    expect(scriptLanguage('Amina (أمينة)')).toBeUndefined();
    expect(scriptLanguage('E08000035')).toBeUndefined(); // a code, not a word
    expect(scriptLanguage('Walk Hall')).toBe('en');
  });
});

describe('finishPage: tables', () => {
  it('puts every table in its own focusable scroll region named by its caption', () => {
    const html = finishPage(
      page(
        'en',
        '<table class="govuk-table"><caption>Her contacts</caption><tr><td>1</td></tr></table><p>after</p>',
      ),
    );
    expect(bodyOf(html)).toBe(
      '<div class="app-table-scroll" tabindex="0" role="region" aria-label="Her contacts"><table class="govuk-table"><caption>Her contacts</caption><tr><td>1</td></tr></table></div><p>after</p>',
    );
  });

  it('names a table without a caption by the heading before it, and wraps a table once', () => {
    const html = finishPage(page('en', '<h2>Slots</h2><table><tr><td>1</td></tr></table>'));
    expect(html).toContain('aria-label="Slots"><table>');
    const already = '<div class="app-table-scroll" tabindex="0"><table><tr><td>1</td></tr></table></div>';
    expect(bodyOf(finishPage(page('en', already)))).toBe(already);
  });
});

describe('the pages environment', () => {
  it('marks what Arabic lacks through the page t(), and nothing in English', async () => {
    const i18n = await createI18n();
    const env = finishingPages(createNunjucks());
    const tpl =
      '<html lang="{{ lang }}"><body><p>{{ t("common.serviceName") }}</p><p>{{ t("coverage.priorities.showing", { from: "١", to: "٢٥", total: "١٧٥" }) }}</p></body></html>';
    const ar = env.renderString(tpl, { lang: 'ar', t: i18n.pageT('ar') });
    // The coverage pages are not translated yet: English, marked, with the Arabic numbers isolated.
    expect(finishPage(ar)).toContain(
      '<span lang="en" dir="ltr">Areas <bdi>١</bdi> to <bdi>٢٥</bdi> of <bdi>١٧٥</bdi></span>',
    );
    const en = env.renderString(tpl, { lang: 'en', t: i18n.pageT('en') });
    expect(en).not.toMatch(/[\uE000-\uE003]/);
    expect(finishPage(en)).toContain('<p>Areas ١ to ٢٥ of ١٧٥</p>');
  });
});

describe('finishPage: text in both scripts', () => {
  it('marks each stretch in the other script: a name beside a role, a place in a sentence', () => {
    expect(bodyOf(finishPage(page('ar', '<label>Maya Manager (مديرة)</label>')))).toBe(
      '<label><span lang="en" dir="ltr">Maya Manager</span> (مديرة)</label>',
    );
    expect(bodyOf(finishPage(page('ar', '<p>مديرة في Harbour Women&#39;s Centre (demo)</p>')))).toBe(
      '<p>مديرة في <span lang="en" dir="ltr">Harbour Women&#39;s Centre (demo)</span></p>',
    );
    expect(bodyOf(finishPage(page('en', '<p>Amina (أمينة)</p>')))).toBe(
      '<p>Amina (<span lang="ar" dir="rtl">أمينة</span>)</p>',
    );
  });

  it('gives SVG text its language on its own element', () => {
    expect(
      bodyOf(finishPage(page('ar', '<svg><title>Hartlepool: 0 of 5 needs</title><text>London</text></svg>'))),
    ).toBe('<svg><title lang="en">Hartlepool: 0 of 5 needs</title><text lang="en">London</text></svg>');
  });
});

describe('finishPage: right-to-left details', () => {
  it('leaves a bracket outside an English stretch when its partner is outside too', () => {
    // The staying safe page: «التصفح المتخفي» (Incognito) في Chrome. A ")" inside the English span
    // would lose its partner "(" and both would show facing the same way: "((Incognito".
    expect(bodyOf(finishPage(page('ar', '<p>«التصفح المتخفي» (Incognito) في Chrome</p>')))).toBe(
      '<p>«التصفح المتخفي» (<span lang="en" dir="ltr">Incognito</span>) في <span lang="en" dir="ltr">Chrome</span></p>',
    );
    // The bracket in the middle of a stretch: the accessibility statement's "(WCAG) 2.2".
    expect(bodyOf(finishPage(page('ar', '<p>محتوى الويب (WCAG) 2.2 على المستوى AA.</p>')))).toBe(
      '<p>محتوى الويب (<span lang="en" dir="ltr">WCAG</span>) 2.2 على المستوى <span lang="en" dir="ltr">AA</span>.</p>',
    );
    // Both brackets in the stretch: they stay with it.
    expect(bodyOf(finishPage(page('ar', '<p>في Riverside Job Club (demo)</p>')))).toBe(
      '<p>في <span lang="en" dir="ltr">Riverside Job Club (demo)</span></p>',
    );
  });

  it('keeps a number written in groups (a phone number) in its own order on a right-to-left page', () => {
    // Each group would otherwise be laid out right to left: "0808 2000 247" read as "247 2000 0808".
    expect(bodyOf(finishPage(page('ar', '<p>الخط الوطني مجاني، ورقمه 0808 2000 247.</p>')))).toBe(
      '<p>الخط الوطني مجاني، ورقمه <span dir="ltr">0808 2000 247</span>.</p>',
    );
    expect(bodyOf(finishPage(page('ar', '<p>اتصلي بالرقم 999. ثم 116 123 في Wales</p>')))).toBe(
      '<p>اتصلي بالرقم 999. ثم <span dir="ltr">116 123</span> في <span lang="en" dir="ltr">Wales</span></p>',
    );
    // Single numbers, times and ranges need nothing; nor does a left-to-right page.
    expect(bodyOf(finishPage(page('ar', '<p>من 09:30 إلى 12:30، عرض 1 إلى 10 من 43</p>')))).toBe(
      '<p>من 09:30 إلى 12:30، عرض 1 إلى 10 من 43</p>',
    );
    expect(bodyOf(finishPage(page('en', '<p>Call 0808 2000 247.</p>')))).toBe('<p>Call 0808 2000 247.</p>');
  });

  it('reads two English strings side by side as one English stretch, in their order', () => {
    // Two spans apart would be laid out right to left: the second sentence first.
    expect(
      bodyOf(
        finishPage(
          page(
            'ar',
            `<p>${U.start}108 services counted.${U.end} ${U.start}The map shows what is listed.${U.end}</p>`,
          ),
        ),
      ),
    ).toBe('<p><span lang="en" dir="ltr">108 services counted. The map shows what is listed.</span></p>');
    // English data (no markers) beside an untranslated string: the coverage page's
    // "{{ headline.services }} {{ t("coverage.caveat") }}".
    expect(
      bodyOf(
        finishPage(
          page('ar', `<p>108 services counted. ${U.start}The map shows what is listed.${U.end}</p>`),
        ),
      ),
    ).toBe('<p><span lang="en" dir="ltr">108 services counted. The map shows what is listed.</span></p>');
    expect(bodyOf(finishPage(page('ar', `<p>${U.start}Map of services${U.end} Leeds</p>`)))).toBe(
      '<p><span lang="en" dir="ltr">Map of services Leeds</span></p>',
    );
    // Apart when anything but space stands between them.
    expect(bodyOf(finishPage(page('ar', `<p>${U.start}One${U.end} و${U.start}Two${U.end}</p>`)))).toBe(
      '<p><span lang="en" dir="ltr">One</span> و<span lang="en" dir="ltr">Two</span></p>',
    );
  });
});

describe('finishPage: right-to-left details (key workers, managers)', () => {
  it('keeps a date hint in groups in its order, and adds nothing to a number alone or a date in words', () => {
    expect(bodyOf(finishPage(page('ar', '<dd>07700 900101</dd><p>مثلًا، 27 3 2026</p>')))).toBe(
      '<dd><span dir="ltr">07700 900101</span></dd><p>مثلًا، <span dir="ltr">27 3 2026</span></p>',
    );
    expect(bodyOf(finishPage(page('ar', '<p>12</p><p>6 ديسمبر 2026</p><p>&#39; 12 &#8230; 3</p>')))).toBe(
      '<p>12</p><p>6 ديسمبر 2026</p><p>&#39; 12 &#8230; 3</p>',
    );
    expect(bodyOf(finishPage(page('en', '<dd>07700 900101</dd>')))).toBe('<dd>07700 900101</dd>');
  });

  it('keeps a label, its colon and what has no letters between English strings in one stretch', () => {
    // The audit log's record: an untranslated kind, then a name.
    expect(bodyOf(finishPage(page('ar', `<td>${U.start}User${U.end}: Kemi Keyworker</td>`)))).toBe(
      '<td><span lang="en" dir="ltr">User: Kemi Keyworker</span></td>',
    );
    // Days and their hours, each day untranslated (an opportunity's hours).
    expect(
      bodyOf(
        finishPage(
          page('ar', `<dd>${U.start}Monday${U.end} 09:30–14:00; ${U.start}Friday${U.end} 10:00–12:00</dd>`),
        ),
      ),
    ).toBe('<dd><span lang="en" dir="ltr">Monday 09:30–14:00; Friday 10:00–12:00</span></dd>');
    // A label's colon stays with it; the space before the next element stays outside.
    expect(bodyOf(finishPage(page('ar', `<p>${U.start}Key worker${U.end}: <strong>Kemi</strong></p>`)))).toBe(
      '<p><span lang="en" dir="ltr">Key worker:</span> <strong><span lang="en" dir="ltr">Kemi</span></strong></p>',
    );
    // English data then untranslated strings (a programme's heading on the mentoring page).
    expect(
      bodyOf(
        finishPage(
          page(
            'ar',
            `<h3>Leaders (demo) (${U.start}Reverse mentoring${U.end}, ${U.start}4 months${U.end})</h3>`,
          ),
        ),
      ),
    ).toBe('<h3><span lang="en" dir="ltr">Leaders (demo) (Reverse mentoring, 4 months)</span></h3>');
    // Not across other markup, nor into Arabic.
    expect(
      bodyOf(finishPage(page('ar', `<td>${U.start}User${U.end}<b>Kemi</b> ${U.start}A${U.end}: أمينة</td>`))),
    ).toBe(
      '<td><span lang="en" dir="ltr">User</span><b><span lang="en" dir="ltr">Kemi</span></b> <span lang="en" dir="ltr">A</span>: أمينة</td>',
    );
  });

  it('leaves both brackets outside an English word in an Arabic label', () => {
    expect(bodyOf(finishPage(page('ar', '<label>اللغة الإنجليزية (ESOL)</label>')))).toBe(
      '<label>اللغة الإنجليزية (<span lang="en" dir="ltr">ESOL</span>)</label>',
    );
  });
});

describe('finishPage: typed text', () => {
  it('lets text fields take their direction from what is typed in a right-to-left page', () => {
    const form =
      '<input class="govuk-input" id="name" type="text" value="Compass Money Matters (demo)"><textarea id="d">Help.</textarea>' +
      '<input id="e" type="email"><input id="n" inputmode="numeric"><input id="p" type="password"><input type="radio"><input dir="ltr" type="tel">';
    expect(bodyOf(finishPage(page('ar', form)))).toBe(
      '<input dir="auto" class="govuk-input" id="name" type="text" value="Compass Money Matters (demo)"><textarea dir="auto" id="d">Help.</textarea>' +
        '<input dir="auto" id="e" type="email"><input dir="auto" id="n" inputmode="numeric"><input id="p" type="password"><input type="radio"><input dir="ltr" type="tel">',
    );
    expect(bodyOf(finishPage(page('en', form)))).toBe(form);
  });
});

describe('finishPage: error summaries', () => {
  it('links an error about a date to its day field, and any other error to its field as it was', () => {
    const summary =
      '<div class="govuk-error-summary" data-module="govuk-error-summary"><ul class="govuk-list govuk-error-summary__list">' +
      '<li><a href="#closingDate">Enter a real date</a></li><li><a href="#title">Enter a title</a></li></ul></div>';
    const form =
      '<input id="title"><div class="govuk-date-input" id="closingDate"><input id="closingDate-day"></div>';
    const html = bodyOf(finishPage(page('en', summary + form)));
    expect(html).toContain('<a href="#closingDate-day">Enter a real date</a>');
    expect(html).toContain('<a href="#title">Enter a title</a>');
    expect(html).toContain('<div class="govuk-date-input" id="closingDate">');
  });
});

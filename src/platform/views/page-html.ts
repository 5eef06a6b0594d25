/**
 * The last step of rendering a page, done once here so no template can forget it:
 *
 * 1. Language (WCAG 3.1.2). The template t() marks a string it had to take from English with
 *    invisible markers (i18n/index.ts); here they become `<span lang="en" dir="ltr">`, and the
 *    values put into such a string (a date, a name) become `<bdi>`, so a date written in the page's
 *    language stays one unit inside an English sentence. Text with no language of its own (data:
 *    a service's description, a place, a name) is marked by its script when that differs from the
 *    page's: Latin letters and no Arabic in an Arabic page are English (the directory and the demo
 *    are in English), Arabic letters and no Latin in an English page are Arabic. Right to left, a
 *    closing bracket stays outside an English stretch when its partner is outside, two English
 *    strings with only space between are one stretch, and a number in groups (a phone number)
 *    runs left to right, so none of them is read in the wrong order.
 * 2. Tables. Every table scrolls inside its own focusable region, so a wide table never makes the
 *    page wider than a phone, and a keyboard can scroll it (<div class="app-table-scroll">).
 * 3. Error summaries: a link to a date goes to its day field (dateErrorLinks, below).
 * 4. Text fields in a right-to-left page take their direction from what is typed (dir="auto").
 *
 * A small tokenizer, not a full HTML parser: it only has to read the markup our own templates write.
 */

/** Around a string t() took from English; around each value interpolated into it. */
export const UNTRANSLATED = { start: '\uE000', end: '\uE001', valueStart: '\uE002', valueEnd: '\uE003' };
const MARKERS = /[\uE000-\uE003]/g;
const stripMarkers = (s: string) => s.replace(MARKERS, '');

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const LATIN_WORD = /[A-Za-z\u00C0-\u024F]{2,}/;
const LATIN_LETTER = /[A-Za-z\u00C0-\u024F]/;
/** Scripts we can name a language for, and that language's direction. */
const scriptLanguages = { en: 'ltr', ar: 'rtl' } as const;

/** Stretches of one script inside mixed text (entities and the punctuation inside a name included). */
const runs = {
  en: /(?:&[#\w]+;|[A-Za-z\u00C0-\u024F])(?:&[#\w]+;|[A-Za-z\u00C0-\u024F0-9’'.,:()&/ -])*[A-Za-z\u00C0-\u024F0-9)]/g,
  ar: /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF](?:[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\u200F\s]*[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF])?/g,
};
const ENTITY = /^&[#\w]+;$/;
const withEntities = {
  en: new RegExp(`&[#\\w]+;|${runs.en.source}`, 'g'),
  ar: new RegExp(`&[#\\w]+;|${runs.ar.source}`, 'g'),
};
const span = (lang: keyof typeof scriptLanguages, text: string) =>
  `<span lang="${lang}" dir="${scriptLanguages[lang]}">${text}</span>`;

/**
 * A number written in groups ("0808 2000 247", "116 123"): in right-to-left text each group would
 * be laid out from the right ("247 2000 0808"), so the whole number runs left to right.
 */
const GROUPED_NUMBER = /\d+(?:[ \u00A0]\d+)+/g;
const ltrNumbers = (s: string) => s.replace(GROUPED_NUMBER, (n) => `<span dir="ltr">${n}</span>`);

/** A stretch up to its first closing bracket whose opening one is outside it, less the space before. */
function pairedPrefix(r: string): string {
  let depth = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] === '(') depth++;
    else if (r[i] === ')' && depth-- === 0) return r.slice(0, i).trimEnd();
  }
  return r;
}

/**
 * A stretch of one script, less the closing brackets at its end whose opening ones are outside it
 * ("Incognito)" of "(Incognito)"): a bracket parted from its partner by the span would show the
 * wrong way round in the other direction ("((Incognito").
 */
function withoutUnpaired(r: string): [inside: string, after: string] {
  const opens = r.split('(').length - 1;
  let closes = r.split(')').length - 1;
  let end = r.length;
  while (closes > opens && r[end - 1] === ')') {
    end--;
    closes--;
  }
  const inside = r.slice(0, end).trimEnd();
  return [inside, r.slice(inside.length)];
}

const VOID = new Set(
  'area base br col embed hr img input link meta source track wbr'.split(' ').map((n) => n.toLowerCase()),
);
/** Elements whose content is not markup (or, for option, cannot hold a span): no spans added inside. */
const RAW = new Set(['script', 'style', 'textarea', 'title']);

interface Open {
  name: string;
  lang?: string;
  /** A table this step wrapped in a scroll region. */
  wrapped?: boolean;
  scrolls?: boolean;
  /** Index in the output of this element's start tag (for option: where its lang goes). */
  at: number;
  /** Opened by an untranslated marker rather than by markup. */
  marker?: boolean;
}

/** Fields a person types text into (not numbers, dates, passwords or choices). */
const TYPED = /^(?:textarea|input:(?:text|search|email|url|tel))$/i;

const TAG = /<!--[\s\S]*?-->|<![^>]*>|<\/?([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

const attr = (attrs: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i')
    .exec(attrs)
    ?.slice(2)
    .find((v) => v !== undefined);

const escapeAttr = (s: string) => s.replace(/&(?![#\w]+;)/g, '&amp;').replace(/"/g, '&quot;');

/** The language a run of text is written in, judged by its letters; undefined when it cannot tell. */
export function scriptLanguage(text: string): keyof typeof scriptLanguages | undefined {
  // Entities and Arabic-Indic digits are not words: a number is in no language.
  const plain = text.replace(/&[#\w]+;|[\u0660-\u0669\u06F0-\u06F9]/g, ' ');
  const arabic = ARABIC.test(plain);
  const latin = LATIN_WORD.test(plain);
  if (latin && !arabic) return 'en';
  if (arabic && !latin) return 'ar';
  return undefined;
}

/** A table's accessible name: its caption, else the last heading before it. */
function tableLabel(html: string, at: number): string {
  const end = html.indexOf('</table', at);
  const body = html.slice(at, end < 0 ? undefined : end);
  const caption = /<caption[^>]*>([\s\S]*?)<\/caption>/i.exec(body)?.[1];
  let text = caption;
  if (!text) {
    const headings = [...html.slice(0, at).matchAll(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/gi)];
    text = headings.at(-1)?.[1] ?? '';
  }
  return stripMarkers(text.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export function finishPage(html: string): string {
  const out: string[] = [];
  const stack: Open[] = [];
  /** The language in force, by its primary subtag (en-GB is English). */
  const inherited = () =>
    stack
      .findLast((o) => o.lang)
      ?.lang?.split('-')[0]
      ?.toLowerCase();
  const inside = (pred: (o: Open) => boolean) => stack.some(pred);
  const rightToLeft = () => {
    const here = inherited();
    return (
      here !== undefined &&
      here in scriptLanguages &&
      scriptLanguages[here as keyof typeof scriptLanguages] === 'rtl'
    );
  };

  /**
   * The end of the last span this step gave a language (an untranslated string, data in the
   * other script): where the next one in that language carries on from when only space stands
   * between, so that two English sentences side by side in an Arabic page are one stretch and
   * read in their order, not the second first.
   */
  let lastSpan: { at: number; depth: number; entry: Open } | undefined;
  const carriesOn = (lang: string) => {
    if (lastSpan?.entry.lang !== lang || stack.length !== lastSpan.depth) return false;
    for (let i = lastSpan.at + 1; i < out.length; i++) if (out[i]!.trim()) return false;
    return true;
  };

  const closeTo = (pred: (o: Open) => boolean) => {
    const i = stack.findLastIndex(pred);
    if (i >= 0) stack.length = i;
  };

  /** A run of text with no markers: wrapped in a span when its script says another language. */
  const run = (s: string) => {
    if (!s.trim()) return out.push(s);
    const top = stack.at(-1);
    const lang = scriptLanguage(s);
    if (top && (top.name === 'option' || inside((o) => o.name === 'svg'))) {
      // An option, or SVG text, holds no span: its own start tag takes the language.
      if (lang && lang !== inherited() && top.lang === undefined) {
        const dir = top.name === 'option' ? ` dir="${scriptLanguages[lang]}"` : '';
        out[top.at] = out[top.at]!.replace(/^<([\w:-]+)/, `<$1 lang="${lang}"${dir}`);
        top.lang = lang;
      }
      return out.push(s);
    }
    const here = inherited();
    // Text in the page's own direction: only its grouped numbers need one of their own.
    const own = here === 'ar' ? ltrNumbers : (t: string) => t;
    // No letters (a colon, a time, a number) straight after English: into that stretch, so a label
    // keeps its colon and "Monday 09:30–14:00; Wednesday 09:30–14:00" stays one stretch in order.
    if (!lang && here === 'ar' && !ARABIC.test(s) && !LATIN_LETTER.test(s) && carriesOn('en')) {
      const trail = /\s*$/.exec(s)![0];
      out[lastSpan!.at] = '';
      out.push(s.slice(0, s.length - trail.length), '</span>');
      lastSpan = { ...lastSpan!, at: out.length - 1 };
      return out.push(trail);
    }
    if (lang) {
      if (lang === here) return out.push(own(s));
      const lead = /^\s*/.exec(s)![0];
      const trail = /\s*$/.exec(s)![0];
      const [inside, after] = withoutUnpaired(s.slice(lead.length, s.length - trail.length));
      if (carriesOn(lang)) {
        out[lastSpan!.at] = '';
        out.push(lead + inside);
      } else {
        out.push(lead, `<span lang="${lang}" dir="${scriptLanguages[lang]}">`, inside);
      }
      out.push('</span>');
      lastSpan = {
        at: out.length - 1,
        depth: stack.length,
        entry: { name: 'span', lang, at: -1, marker: true },
      };
      return out.push(after + trail);
    }
    // Both scripts: an Arabic sentence naming a place in English, a name beside a role. Each
    // stretch in the script that is not the page's gets its own span.
    const other = here === 'ar' ? 'en' : here === 'en' ? 'ar' : undefined;
    if (!other) return out.push(s);
    // An entity is read whole first, so the letters of its name are never taken for a word
    // (govuk-frontend's pagination writes its ellipsis as "&ctdot;").
    // A stretch ends before a closing bracket whose partner is outside it ("(WCAG) 2.2"): the
    // bracket and what follows are read again as text of their own.
    const stretches = new RegExp(withEntities[other].source, 'g');
    let done = '';
    let at = 0;
    for (let m = stretches.exec(s); m; m = stretches.exec(s)) {
      done += own(s.slice(at, m.index));
      const r = ENTITY.test(m[0]) ? m[0] : pairedPrefix(m[0]);
      at = m.index + r.length;
      stretches.lastIndex = Math.max(at, m.index + 1);
      done += ENTITY.test(r) || scriptLanguage(r) !== other ? own(r) : span(other, r);
    }
    out.push(done + own(s.slice(at)));
  };

  const text = (s: string) => {
    if (!s) return;
    if (inside((o) => o.name === 'option' || o.name === 'svg')) {
      // No elements can go here: markers go, the language goes on the option (see run).
      return run(stripMarkers(s));
    }
    let from = 0;
    for (const m of s.matchAll(MARKERS)) {
      run(s.slice(from, m.index));
      from = m.index + 1;
      if (m[0] === UNTRANSLATED.start) {
        // Right after English with only space between: one stretch (see lastSpan).
        if (carriesOn('en')) {
          out[lastSpan!.at] = '';
          stack.push(lastSpan!.entry);
          lastSpan = undefined;
          continue;
        }
        const nested = inherited() === 'en';
        out.push(nested ? '<span>' : '<span lang="en" dir="ltr">');
        stack.push({ name: 'span', lang: 'en', at: out.length - 1, marker: true });
      } else if (m[0] === UNTRANSLATED.valueStart) {
        out.push('<bdi>');
        // A value takes no language from the sentence around it: its own letters decide.
        stack.push({ name: 'bdi', lang: undefined, at: out.length - 1, marker: true });
      } else {
        const name = m[0] === UNTRANSLATED.end ? 'span' : 'bdi';
        if (stack.some((o) => o.marker && o.name === name)) {
          out.push(`</${name}>`);
          const entry = stack.findLast((o) => o.marker === true && o.name === name)!;
          closeTo((o) => o === entry);
          if (name === 'span' && entry.lang === 'en')
            lastSpan = { at: out.length - 1, depth: stack.length, entry };
        }
      }
    }
    run(s.slice(from));
  };

  TAG.lastIndex = 0;
  let last = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    text(html.slice(last, m.index));
    last = TAG.lastIndex;
    const [tag, rawName, attrs = ''] = m;
    if (!rawName) {
      out.push(stripMarkers(tag));
      continue;
    }
    const name = rawName.toLowerCase();
    if (tag.startsWith('</')) {
      out.push(tag);
      const open = stack.findLast((o) => o.name === name && !o.marker);
      if (open) {
        if (open.wrapped) out.push('</div>');
        closeTo((o) => o === open);
      }
      continue;
    }
    let clean = stripMarkers(tag);
    if (
      TYPED.test(`${name}${name === 'input' ? `:${attr(attrs, 'type') ?? 'text'}` : ''}`) &&
      rightToLeft()
    ) {
      // What is typed takes its direction from its own first letters: an English description in an
      // Arabic form keeps its full stop at its end, an Arabic name in it reads from the right.
      if (attr(attrs, 'dir') === undefined) clean = clean.replace(/^<(\w+)/, '<$1 dir="auto"');
    }
    const entry: Open = { name, lang: attr(attrs, 'lang'), at: out.length };
    if (name === 'html') entry.lang ??= 'en';
    if (/\bapp-table-scroll\b/.test(attr(attrs, 'class') ?? '')) entry.scrolls = true;
    if (name === 'table' && !inside((o) => o.scrolls === true)) {
      const label = tableLabel(html, m.index);
      out.push(
        `<div class="app-table-scroll" tabindex="0" role="region"${label ? ` aria-label="${escapeAttr(label)}"` : ''}>`,
      );
      entry.at = out.length;
      entry.wrapped = true;
    }
    out.push(clean);
    if (VOID.has(name) || tag.endsWith('/>')) continue;
    stack.push(entry);
    if (RAW.has(name) && !inside((o) => o.name === 'svg')) {
      const close = new RegExp(`</${name}\\s*>`, 'gi');
      close.lastIndex = last;
      const found = close.exec(html);
      const end = found ? found.index : html.length;
      out.push(stripMarkers(html.slice(last, end)));
      last = end;
      TAG.lastIndex = end;
    }
  }
  text(html.slice(last));
  return dateErrorLinks(out.join(''));
}

/**
 * 3. An error summary's link to a date (three fields in a group) goes to its first field, as
 *    GOV.UK asks: the group itself is a <div> that cannot take focus.
 */
function dateErrorLinks(html: string): string {
  if (!html.includes('govuk-error-summary')) return html;
  const groups = new Set(
    [...html.matchAll(/<div class="govuk-date-input\b[^"]*" id="([^"]+)"/g)].map((m) => m[1]),
  );
  if (!groups.size) return html;
  return html.replace(/(<div class="govuk-error-summary\b[\s\S]*?<\/ul>)/, (summary) =>
    summary.replace(/href="#([^"]+)"/g, (link, id: string) =>
      groups.has(id) && html.includes(`id="${id}-day"`) ? `href="#${id}-day"` : link,
    ),
  );
}

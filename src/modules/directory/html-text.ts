/**
 * HTML in a feed's free text (a description written in a council's web editor) turned into plain,
 * readable text: paragraphs and headings become paragraphs separated by a blank line, list items
 * "- " (or "1. ") lines, <br> a line break, a link its text and its web address. Nothing of the
 * markup survives, so nothing in it can run: scripts, styles and embedded objects are dropped with
 * their content, and the pages escape the text as they escape everything. Plain text rather than an
 * allowlist of tags because every consumer (the public page, the ORUK feed, CSV, SMS) can show it.
 */
import { Parser } from 'htmlparser2';

/** A tag or an entity: text that a browser would not show as written. */
const HTML = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i;

export const looksLikeHtml = (s: string): boolean => HTML.test(s);

/** Elements dropped with everything in them. */
const dropped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
  'select',
  'textarea',
]);

const blocks = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'main',
  'nav',
  'blockquote',
  'pre',
  'address',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'dl',
  'table',
  'hr',
  'form',
  'fieldset',
]);

/** Line starts (a line break, not a paragraph): rows, definition terms. */
const lines = new Set(['tr', 'dt', 'dd', 'li']);

export function htmlToText(html: string): string {
  let out = '';
  let pendingBreak = 0; // 0: none, 1: new line, 2: blank line
  let prefix = '';
  let skipping = 0;
  const lists: { ordered: boolean; n: number }[] = [];
  const links: (string | null)[] = [];
  let linkText = '';

  const breakAtLeast = (n: number) => {
    if (out) pendingBreak = Math.max(pendingBreak, n);
  };
  const emit = (text: string) => {
    let t = text.replace(/\s+/g, ' ');
    if (pendingBreak || !out || out.endsWith('\n')) t = t.trimStart();
    if (!t) return;
    if (pendingBreak) out = `${out.trimEnd()}${pendingBreak === 2 ? '\n\n' : '\n'}`;
    pendingBreak = 0;
    if (prefix) {
      t = prefix + t;
      prefix = '';
    }
    out += t;
    if (links.length) linkText += t;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (skipping || dropped.has(name)) {
          skipping++;
          return;
        }
        if (name === 'br') breakAtLeast(1);
        else if (name === 'li') {
          breakAtLeast(1);
          const list = lists[lists.length - 1];
          if (list) list.n++;
          prefix = list?.ordered ? `${list.n}. ` : '- ';
        } else if (lines.has(name)) breakAtLeast(1);
        else if (blocks.has(name)) breakAtLeast(2);
        if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', n: 0 });
        if (name === 'td' || name === 'th') emit(' ');
        if (name === 'a') {
          const href = attrs.href ?? '';
          links.push(/^https?:\/\//i.test(href) ? href : null);
          linkText = '';
        }
      },
      ontext(text) {
        if (!skipping) emit(text);
      },
      onclosetag(name) {
        if (skipping) {
          skipping--;
          return;
        }
        if (name === 'ul' || name === 'ol') lists.pop();
        if (name === 'a') {
          const href = links.pop();
          if (href && linkText.trim() !== href) emit(` (${href})`);
        }
        if (blocks.has(name)) breakAtLeast(2);
        else if (lines.has(name)) breakAtLeast(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

// Compiles and fingerprints the static assets into public/assets, with .gz and .br beside each
// file, and writes manifest.json (logical name -> fingerprinted name) for the templates.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'public/assets');
const govuk = path.join(root, 'node_modules/govuk-frontend/dist');
const manifest: Record<string, string> = {};

function emit(logical: string, content: Buffer | string): string {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const ext = path.extname(logical);
  const name = `${path.basename(logical, ext)}-${createHash('sha256').update(buf).digest('hex').slice(0, 10)}${ext}`;
  writeFileSync(path.join(out, name), buf);
  if (buf.length > 512 && /\.(css|js|svg|json)$/.test(ext)) {
    writeFileSync(path.join(out, `${name}.gz`), gzipSync(buf, { level: 9 }));
    writeFileSync(
      path.join(out, `${name}.br`),
      brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
  }
  manifest[logical] = name;
  return name;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(path.join(root, 'assets/scss/app.scss'), {
  loadPaths: [govuk, path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
emit('app.css', css.css);
const govukJs = emit('govuk-frontend.js', readFileSync(path.join(govuk, 'govuk/govuk-frontend.min.js')));
emit(
  'app.js',
  readFileSync(path.join(root, 'assets/js/app.js'), 'utf8').replace('./govuk-frontend.js', `./${govukJs}`),
);
emit('wayfinder-logo.svg', readFileSync(path.join(root, 'assets/images/wayfinder-logo.svg')));
writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
copyFileSync(path.join(root, 'assets/images/wayfinder-logo.svg'), path.join(out, 'favicon.svg'));
process.stdout.write(`Built ${Object.keys(manifest).length} assets into public/assets\n`);

/**
 * Staff upload of an ORUK 3.0 / HSDS 3.0 JSON file, and its progress page (works without
 * JavaScript: the page refreshes itself with a meta refresh while the import runs, and has a
 * "Refresh" link). Multipart parsing is registered in this plugin only; the CSRF token travels as
 * the form's `_csrf` field (or an `x-csrf-token` header), which the multipart parser puts in
 * req.body before the platform's CSRF preHandler runs. Only a signed-in session is parsed at all.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise } from '../../platform/auth/authorise.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { idParams, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { DirectoryImports } from './import/jobs.ts';

export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

interface UploadedFile {
  name: string;
  content: Buffer;
}
/**
 * The upload form as the multipart parser leaves it. Anything other than one file reads as no file
 * (the form's own error), and the other fields (the CSRF token) are kept for the CSRF check.
 */
const uploadBody = z
  .looseObject({
    file: z
      .custom<UploadedFile>(
        (v) => typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).content),
      )
      .optional()
      .catch(undefined),
  })
  .optional()
  .catch(undefined);

export async function directoryImportRoutes(plugin: FastifyInstance, deps: { imports: DirectoryImports }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { imports } = deps;
  // Before the body is read: no session, no parsing (the multipart parser runs at preValidation).
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'POST' && !req.session.get('userId')) return reply.code(403).send();
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    async onFile(part) {
      // Keep the file's name with its content ('keyValues' alone would give only the bytes).
      (part as unknown as { value: UploadedFile }).value = {
        name: part.filename,
        content: await part.toBuffer(),
      };
    },
  });
  app.addHook('preHandler', requireUser);
  app.addHook('onClose', async () => imports.idle());

  const renderForm = async (req: FastifyRequest, errors?: Record<string, string>) => ({
    jobs: await imports.listJobs(actorOf(req)),
    errors,
    limitMb: UPLOAD_LIMIT_BYTES / 1024 / 1024,
  });

  app.get('/directory/imports', async (req, reply) => {
    authorise(actorOf(req), 'directory:review');
    return reply.view('directory/views/imports.njk', await renderForm(req));
  });

  app.post('/directory/imports', { schema: { body: uploadBody } }, async (req, reply) => {
    authorise(actorOf(req), 'directory:review');
    const file = req.body?.file;
    try {
      if (!file) throw new ValidationError({ file: 'directory.imports.errors.required' });
      const { id } = await imports.startUpload(actorOf(req), { fileName: file.name, content: file.content });
      return reply.redirect(`/directory/imports/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply.code(400).view('directory/views/imports.njk', await renderForm(req, err.fields));
    }
  });

  app.get('/directory/imports/:id', { schema: { params: idParams } }, async (req, reply) => {
    const job = await imports.getJob(actorOf(req), req.params.id);
    const percent = job.total ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
    return reply.view('directory/views/import-job.njk', { job, percent, running: job.status === 'running' });
  });
}

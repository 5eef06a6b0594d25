import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSmsSender, createSmsSender, SmsError } from './sms.ts';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  body: unknown;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
let respond: (req: IncomingMessage) => { status: number; body: string } = () => ({
  status: 201,
  body: JSON.stringify({ id: 'msg-1' }),
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        body: raw ? JSON.parse(raw) : null,
      });
      const r = respond(req);
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SMS provider adapter (a local HTTP server standing in for the provider)', () => {
  it('posts the number and text as JSON with the bearer key and returns the provider id', async () => {
    const sms = createHttpSmsSender({ baseUrl, apiKey: 'test-key-123' });
    await expect(sms.send('07700900123', 'Your appointment on Tuesday')).resolves.toEqual({ id: 'msg-1' });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/v2/notifications/sms',
      auth: 'Bearer test-key-123',
      type: 'application/json',
      body: { phone_number: '07700900123', content: 'Your appointment on Tuesday' },
    });
  });

  it('reports a refusal (4xx) or a provider failure (5xx) as an SmsError without the number or text', async () => {
    const sms = createHttpSmsSender({ baseUrl, apiKey: 'test-key-123' });
    for (const status of [400, 403, 500, 503]) {
      respond = () => ({ status, body: JSON.stringify({ errors: [{ error: 'BadRequestError' }] }) });
      const err = await sms.send('07700900123', 'Secret text').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmsError);
      expect((err as SmsError).status).toBe(status);
      expect((err as Error).message).not.toContain('07700900123');
      expect((err as Error).message).not.toContain('Secret text');
    }
    respond = () => ({ status: 200, body: '{}' });
    await expect(sms.send('07700900123', 'x')).rejects.toBeInstanceOf(SmsError);
  });

  it('reports an unreachable provider as an SmsError', async () => {
    const sms = createHttpSmsSender({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', timeoutMs: 2000 });
    const err = await sms.send('07700900123', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsError);
    expect((err as SmsError).status).toBe(0);
  });

  it('without a provider writes each text to DATA_DIR/outbox, readable by the app user only', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-sms-'));
    const sms = createSmsSender({ dataDir });
    const { id } = await sms.send('07700900555', 'Hello there');
    const files = readdirSync(path.join(dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(id);
    const file = path.join(dataDir, 'outbox', files[0]!);
    expect(readFileSync(file, 'utf8')).toBe('To: 07700900555\n\nHello there\n');
    const { statSync } = await import('node:fs');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

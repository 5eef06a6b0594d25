import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the SMS provider (GOV.UK Notify-style API): a real HTTP server. It can refuse
 * the next N messages with a 500, or hold the next one unanswered (a provider that never replies,
 * to let a test kill the sender mid-call).
 */
export interface TestSmsProvider {
  url: string;
  /** Messages accepted (answered 201 with an id). */
  accepted: { id: string; phone: string; content: string }[];
  /** Every request received, accepted or not. */
  requests: number;
  failNext(n: number): void;
  holdNext(): void;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmsProvider(): Promise<TestSmsProvider> {
  let failing = 0;
  let holding = false;
  let seq = 0;
  const held: ServerResponse[] = [];
  const waiting: (() => void)[] = [];
  const provider = {
    url: '',
    accepted: [] as TestSmsProvider['accepted'],
    requests: 0,
    failNext: (n: number) => {
      failing = n;
    },
    holdNext: () => {
      holding = true;
    },
    nextRequest: () => new Promise<void>((resolve) => waiting.push(resolve)),
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      provider.requests++;
      for (const w of waiting.splice(0)) w();
      if (holding) {
        holding = false;
        held.push(res);
        return;
      }
      if (failing > 0) {
        failing--;
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[]}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const id = `sms-${++seq}`;
      provider.accepted.push({ id, phone: body.phone_number, content: body.content });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}

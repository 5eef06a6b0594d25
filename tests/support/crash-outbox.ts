// Child process of src/modules/participants/outbox/crash.test.ts. Opens the embedded database under
// argv[2], registers a woman who agreed to SMS, and queues two messages to her in one transaction
// (committed, then printed "queued <idA> <idB> <fieldKey>"). It then starts sending only A, against an SMS
// provider (argv[3]) that holds the call unanswered: the parent kills this process there. So B is
// a message committed but never sent, and A one claimed by a worker that died mid-send.
import { buildServices } from '../../src/app.ts';
import { organisations, users } from '../../src/platform/auth/schema.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { newKeySpec } from '../../src/platform/crypto/fields.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { walkInForm } from './app.ts';

const [dataDir, smsUrl] = [process.argv[2]!, process.argv[3]!];
const fieldKeys = newKeySpec('crash');
const database = await openDatabase({ dataDir, quiet: true });
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  SMS_PROVIDER_URL: smsUrl,
  SMS_API_KEY: 'crash-key',
});
const services = buildServices({
  config,
  database,
  secrets: { sessionSecret: 'a-crash-test-session-secret-long-enough-1234', fieldKeys },
});
const [org] = await database.db.insert(organisations).values({ name: 'Crash org' }).returning();
const [user] = await database.db
  .insert(users)
  .values({
    organisationId: org!.id,
    email: 'crash@example.org',
    name: 'Crash',
    role: 'key_worker',
    passwordHash: 'x',
  })
  .returning();
const actor = { userId: user!.id, organisationId: org!.id, role: 'key_worker' as const };
const p = services.participants;
const her = await p.quickRegister(actor, walkInForm('Crash Test'));
await p.updateSection(actor, her, {
  section: 'contact',
  data: {
    contactMethods: ['sms'],
    safeTimes: null,
    neverContactAtHome: false,
    phone: '07700 900001',
    email: null,
  },
} as never);
await p.recordConsent(actor, her, {
  purpose: 'contact_sms',
  organisationId: null,
  given: true,
  method: 'verbal',
});
const message = (n: string) => ({
  kind: 'test.crash',
  template: 'appointments.message.confirmation',
  subject: 'appointments.message.subject.confirmation',
  values: { date: `day ${n}`, time: '10:00', place: 'the hall' },
  channels: ['sms'] as const,
});
const [a, b] = await database.db.transaction(async (tx) => [
  (await p.messageHer(tx, actor, her, message('A'), { idempotencyKey: 'crash-A' }))[0]!.outboxId,
  (await p.messageHer(tx, actor, her, message('B'), { idempotencyKey: 'crash-B' }))[0]!.outboxId,
]);
process.stdout.write(`queued ${a} ${b} ${fieldKeys}\n`);
await p.deliverMessages({ ids: [a] });
process.stdout.write('not killed\n');

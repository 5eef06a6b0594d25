import Fastify, { type FastifyInstance } from 'fastify';
import { adminNavigation, adminRoutes, createAdminService } from './modules/admin/index.ts';
import {
  bursariesNavigation,
  bursariesRoutes,
  createBursariesService,
  scheduleBursaryStartWindow,
} from './modules/bursaries/index.ts';
import {
  caseworkNavigation,
  caseworkReportingSql,
  caseworkRoutes,
  createAppointmentsService,
  createCaseworkService,
  scheduleAppointmentReminders,
} from './modules/casework/index.ts';
import {
  commissioningNavigation,
  commissioningRoutes,
  createCommissioningService,
} from './modules/commissioning/index.ts';
import { coverageNavigation, coverageRoutes, createCoverageService } from './modules/coverage/index.ts';
import {
  canonicalApiUrl,
  createDirectoryImports,
  createDirectoryService,
  directoryNavigation,
  directoryRoutes,
} from './modules/directory/index.ts';
import {
  createEmploymentService,
  employmentNavigation,
  employmentRoutes,
  scheduleEmploymentDigest,
  schedulePledgeReminders,
} from './modules/employment/index.ts';
import { homeRoutes } from './modules/home/index.ts';
import {
  createMentoringService,
  mentoringNavigation,
  mentoringReportingSql,
  mentoringRoutes,
} from './modules/mentoring/index.ts';
import { createOutcomesService, outcomesNavigation, outcomesRoutes } from './modules/outcomes/index.ts';
import {
  createParticipantsService,
  participantFactsSql,
  participantsNavigation,
  participantsRoutes,
  scheduleMessageOutbox,
  scheduleRetention,
} from './modules/participants/index.ts';
import { registerRefusalAudit } from './platform/audit/refusals.ts';
import { createAuditService } from './platform/audit/service.ts';
import { createAccounts } from './platform/auth/accounts.ts';
import { createLockNotices } from './platform/auth/lock-notice.ts';
import { authRoutes, registerAuthentication } from './platform/auth/routes.ts';
import { PgSessionStore } from './platform/auth/session-store.ts';
import type { Config } from './platform/config.ts';
import { createFieldCipher } from './platform/crypto/fields.ts';
import type { Database } from './platform/db/index.ts';
import { registerWeb } from './platform/http/web.ts';
import { platformI18n } from './platform/i18n/index.ts';
import { type LogStream, loggerOptions } from './platform/logging.ts';
import { createMailer, type Mailer } from './platform/mail.ts';
import { operationsRoutes } from './platform/operations.ts';
import type { Secrets } from './platform/secrets.ts';
import { createSmsSender } from './platform/sms.ts';
import { staticPageRoutes } from './platform/views/pages.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  secrets: Secrets;
  /** Tests pass a mailer pointed at their local SMTP server; otherwise built from config. */
  mailer?: Mailer;
  /** Tests capture the log here; otherwise it goes to standard output. */
  logStream?: LogStream;
}

/** Builds every service once and hands each module only what it needs: the composition root. */
export function buildServices({ config, database, secrets, mailer }: AppOptions) {
  const { db } = database;
  const audit = createAuditService(db);
  const cipher = createFieldCipher(secrets.fieldKeys);
  const accounts = createAccounts(db, audit, cipher, {
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    lockoutMinutes: config.LOCKOUT_MINUTES,
  });
  const platform = {
    audit,
    cipher,
    accounts,
    mailer:
      mailer ?? createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, dataDir: config.DATA_DIR }),
    sessionStore: new PgSessionStore(db, config.SESSION_IDLE_MINUTES * 60_000),
  };
  const directory = createDirectoryService({ db, audit, postcodesApiUrl: config.POSTCODES_API_URL });
  const sms = createSmsSender({
    providerUrl: config.SMS_PROVIDER_URL,
    apiKey: config.SMS_API_KEY,
    dataDir: config.DATA_DIR,
  });
  const participants = createParticipantsService({
    db,
    audit,
    cipher,
    retentionYears: config.RETENTION_YEARS_AFTER_LAST_CONTACT,
    messaging: { mailer: platform.mailer, sms, i18n: platformI18n },
  });
  const casework = createCaseworkService({
    db,
    audit,
    participants,
    directory,
    mailer: platform.mailer,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  // Built before employment, mentoring and bursaries, which report her outcomes into it.
  const outcomes = createOutcomesService({
    db,
    audit,
    participants,
    sources: {
      participants: participantFactsSql,
      wellbeing: caseworkReportingSql.wellbeing,
      referrals: caseworkReportingSql.referrals,
      surveyAnswers: mentoringReportingSql.surveyAnswers,
      surveyInvites: mentoringReportingSql.surveyInvites,
      programmes: mentoringReportingSql.programmes,
    },
    localAreas: () => directory.localAreas(),
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  const appointments = createAppointmentsService({
    db,
    audit,
    participants,
    directory,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  const mentoring = createMentoringService({
    db,
    audit,
    cipher,
    participants,
    casework,
    mailer: platform.mailer,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    accounts,
    outcomes,
  });
  const employment = createEmploymentService({
    db,
    audit,
    cipher,
    participants,
    directory,
    mailer: platform.mailer,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    outcomes,
  });
  return {
    ...platform,
    directory,
    outcomes,
    directoryImports: createDirectoryImports({ db, audit }),
    casework,
    appointments,
    coverage: createCoverageService({ db, directory, publicAccess: config.COVERAGE_PUBLIC }),
    mentoring,
    employment,
    commissioning: createCommissioningService({ db, audit, casework, employment }),
    admin: createAdminService({ db, ...platform, publicBaseUrl: config.PUBLIC_BASE_URL }),
    bursaries: createBursariesService({
      db,
      audit,
      cipher,
      participants,
      casework,
      appointments,
      mentoring,
      i18n: platformI18n,
      mailer: platform.mailer,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      giving360Prefix: config.GIVING360_PREFIX,
      outcomes,
    }),
    lockNotices: createLockNotices({
      db,
      ...platform,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      lockoutMinutes: config.LOCKOUT_MINUTES,
    }),
    participants,
  };
}

export type Services = ReturnType<typeof buildServices>;

/** One registered method and path, as Fastify declared it (e.g. GET /participants/:id). */
export interface RouteEntry {
  method: string;
  url: string;
}

export async function buildApp(
  options: AppOptions,
): Promise<{ app: FastifyInstance; services: Services; routes: RouteEntry[] }> {
  const { config, database, secrets } = options;
  const services = buildServices(options);
  // The directory's shipped taxonomies (need, who-for, delivery): written at every start, idempotently.
  await services.directory.ensureReferenceData();
  // The pledge's shipped commitments, once (the partnership edits them afterwards).
  await services.employment.ensureReferenceData();
  // Mentoring values written before they were encrypted: encrypted once, then nothing to do.
  await services.mentoring.encryptPlaintext();
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    bodyLimit: 1024 * 1024,
    // Only the configured proxies may say who the client is (see TRUST_PROXY in config.ts).
    trustProxy: config.TRUST_PROXY,
    // ORUK clients send `/services/?page=2`: the API's paths only, the site's routes stay exact.
    rewriteUrl: (req) => canonicalApiUrl(req.url ?? '/'),
  });
  // The route table, so that tests can walk every route there is (headers, authorisation) and a
  // route added later is covered the day it lands.
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  const i18n = await platformI18n();

  await registerWeb(app, {
    config,
    i18n,
    sessionSecret: secrets.sessionSecret,
    sessionStore: services.sessionStore,
  });
  // Every module's pages for the service navigation and the home page, shown by permission.
  const navigation = [
    ...participantsNavigation,
    ...caseworkNavigation,
    ...directoryNavigation,
    ...coverageNavigation,
    ...mentoringNavigation,
    ...employmentNavigation,
    ...commissioningNavigation,
    ...bursariesNavigation,
    ...outcomesNavigation,
    ...adminNavigation,
  ];
  registerAuthentication(app, services.accounts, navigation);
  registerRefusalAudit(app, services.audit);
  await app.register(operationsRoutes, { database });
  await app.register(staticPageRoutes);
  await app.register(authRoutes, { accounts: services.accounts, config, lockNotices: services.lockNotices });
  await app.register(homeRoutes, {
    navigation,
    coveragePublic: config.COVERAGE_PUBLIC,
    // Bursaries adds its start-window reminders (to mentors too, who keep no caseload).
    panels: async (actor, now) => [
      ...(await services.participants.homePanels(actor, now)),
      ...(await services.bursaries.money.homePanels(actor)),
    ],
  });
  await app.register(adminRoutes, { admin: services.admin });
  // No route is handed the database: each gets the services it needs.
  await app.register(directoryRoutes, {
    directory: services.directory,
    imports: services.directoryImports,
    reviewMonths: config.DIRECTORY_REVIEW_MONTHS,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    apiRateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(participantsRoutes, {
    participants: services.participants,
    localAreas: () => services.directory.localAreas(),
  });
  await app.register(caseworkRoutes, {
    casework: services.casework,
    appointments: services.appointments,
    directory: services.directory,
  });
  await app.register(coverageRoutes, { coverage: services.coverage });
  await app.register(mentoringRoutes, {
    mentoring: services.mentoring,
    publicFormsPerMinute: config.RATE_LIMIT_SIGN_IN_PER_MINUTE,
  });
  await app.register(employmentRoutes, { employment: services.employment });
  await app.register(commissioningRoutes, { commissioning: services.commissioning });
  await app.register(bursariesRoutes, { bursaries: services.bursaries });
  await app.register(outcomesRoutes, {
    outcomes: services.outcomes,
    publicFormsPerMinute: config.RATE_LIMIT_SIGN_IN_PER_MINUTE,
  });
  scheduleRetention(app, services.participants);
  scheduleMessageOutbox(app, services.participants);
  scheduleAppointmentReminders(app, services.appointments);
  scheduleEmploymentDigest(app, services.employment);
  schedulePledgeReminders(app, services.employment);
  scheduleBursaryStartWindow(app, services.bursaries);

  const sweep = setInterval(() => services.sessionStore.sweep().catch(() => {}), 10 * 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  return { app, services, routes };
}

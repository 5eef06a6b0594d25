// `npm run appointments:remind`: sends, now, every appointment reminder that is due, as the app's
// hourly job does (each booking is reminded once; nothing goes out at night). Prints counts only.
import { buildServices } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { resolveSecrets } from '../platform/secrets.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const config = loadConfig();
  const database = await openConfiguredDatabase();
  try {
    const services = buildServices({ config, database, secrets: resolveSecrets(config) });
    const r = await services.appointments.sendReminders();
    process.stdout.write(
      r.quiet
        ? 'No reminders sent: reminders go out between 08:00 and 20:00 UK time\n'
        : `${r.bookings} bookings due a reminder, ${r.sent} messages sent\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
});

// Prints the current 6-digit code for a TOTP secret: a stand-in for an authenticator app in a demo.
import { generate } from 'otplib';

const secret = process.argv[2];
if (!secret) {
  process.stderr.write('Usage: npm run totp -- SECRET\n');
  process.exit(2);
}
process.stdout.write(`${await generate({ secret })}\n`);

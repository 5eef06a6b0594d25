// `npm test`: everything the suite needs, then every test (unit, integration, browser journeys).
// Provides its own throwaway PostgreSQL; installs Debian's chromium when missing and running as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(
      `Chromium is needed for the browser tests. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n`,
    );
    process.exit(1);
  }
  process.stdout.write('Installing Debian chromium for the browser tests (once)...\n');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

ensureChromium();
execFileSync('npx', ['tsx', 'src/scripts/build-assets.ts'], { stdio: 'inherit' });
const report = '.vitest-report.json';
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
  },
);
let failed = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numFailedTestSuites?: number;
  };
  failed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
  process.stdout.write(
    `\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`,
  );
}
// A failed test fails the run whatever vitest's own exit status says.
process.exit(failed > 0 ? 1 : (run.status ?? 1));

// What the crash test's import writes (tests/support/crash-writer.ts) and looks for afterwards
// (src/platform/db/crash.test.ts): generated services, each with a phone, a service at location,
// its location and that location's address.

import { serviceDocument } from '../../src/modules/directory/document.ts';

export const IMPORT_BATCH = 10;
export const PER_RUN = 100;
/** Ids of service n and what it owns: one uuid prefix per table, so the test can find orphans. */
export const crashId = (prefix: string, n: number) =>
  `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const crashPrefixes = {
  service: 'c0000000',
  phone: 'c1000000',
  serviceAtLocation: 'c2000000',
  location: 'c3000000',
  address: 'c4000000',
} as const;

export function crashService(n: number) {
  const p = crashPrefixes;
  const ids: Record<string, string> = {
    'phone/0': crashId(p.phone, n),
    'sal/0': crashId(p.serviceAtLocation, n),
    'location/0': crashId(p.location, n),
    'location/0/address': crashId(p.address, n),
  };
  return serviceDocument(
    {
      id: crashId(p.service, n),
      name: `Crash test service ${n}`,
      description: 'Written by the crash test while it is killed.',
      phones: ['01632 960000'],
      locations: [
        {
          name: `Crash test venue ${n}`,
          latitude: 51.5,
          longitude: -0.1,
          address: { line1: `${n} Test Street`, city: 'London', postcode: 'E1 6AN' },
        },
      ],
    },
    (part) => {
      const id = ids[part];
      if (!id) throw new Error(`crashService: no id for ${part}`);
      return id;
    },
  );
}

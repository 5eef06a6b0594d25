// What the crash test's import writes (tests/support/crash-writer.ts) and looks for afterwards
// (src/platform/db/crash.test.ts): generated services, each with a phone, a service at location,
// its location and that location's address.

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
  return {
    id: crashId(p.service, n),
    name: `Crash test service ${n}`,
    description: 'Written by the crash test while it is killed.',
    status: 'active',
    phones: [{ id: crashId(p.phone, n), number: '01632 960000' }],
    service_at_locations: [
      {
        id: crashId(p.serviceAtLocation, n),
        location: {
          id: crashId(p.location, n),
          location_type: 'physical',
          name: `Crash test venue ${n}`,
          latitude: 51.5,
          longitude: -0.1,
          addresses: [
            {
              id: crashId(p.address, n),
              address_1: `${n} Test Street`,
              city: 'London',
              state_province: 'London',
              postal_code: 'E1 6AN',
              country: 'GB',
              address_type: 'physical',
            },
          ],
        },
      },
    ],
  };
}

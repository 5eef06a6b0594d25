import type { Role } from './schema.ts';

/** The signed-in person on whose behalf a service function acts. */
export interface Actor {
  userId: string;
  organisationId: string;
  role: Role;
}

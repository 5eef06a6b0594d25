/** Test data for the employment module shared by its tests and the organisation fixtures. */
import type { WorkProfileInput } from '../../src/modules/employment/profiles.ts';

/** A woman who works school hours on Mondays, near LS2 by bus, with refugee status; `over` changes any part. */
export function schoolHoursProfile(over: Partial<WorkProfileInput> = {}): WorkProfileInput {
  return {
    skills: ['cleaning'],
    sectors: ['hospitality'],
    qualificationLevel: null,
    spokenEnglish: 'B1',
    writtenEnglish: 'A2',
    availability: [{ day: 'mon', from: '09:00', to: '15:00' }],
    schoolHoursOnly: true,
    termTimeOnly: false,
    postcodeDistrict: 'LS2',
    maxJourneyMinutes: 60,
    modes: ['bus'],
    payNeededPence: null,
    aspirations: [],
    careNotes: null,
    rightToWork: { basis: 'refugee_status', expires: null, reviewOn: null },
    ...over,
  };
}

import type { FundInput } from '../../src/modules/bursaries/funds.ts';

/**
 * A bursary fund for tests and the bench: open since 2026, £5,000 an award, twelve months to start,
 * anyone may apply, scored on need. Each caller names what its test is about.
 */
export const fundInput = (over: Partial<FundInput> = {}): FundInput => ({
  name: 'Test fund',
  funderOrganisationId: null,
  funderName: 'The Quiet Foundation',
  budgetPence: 10_000_000,
  maxAwardPence: 500_000,
  eligibleCategories: ['course_fees', 'travel'],
  eligibleProgrammeIds: [],
  menteesMayApply: true,
  alumnaeMayApply: true,
  othersMayApply: true,
  criteria: ['need'],
  startWindowMonths: 12,
  opensOn: '2026-01-01',
  closesOn: null,
  ...over,
});

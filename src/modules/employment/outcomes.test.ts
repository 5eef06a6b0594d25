import { describe, expect, it } from 'vitest';
import { hoursPerWeek } from './outcomes.ts';

describe('the job start reported to outcomes', () => {
  it("takes its hours a week from the opportunity's weekly hours", () => {
    expect(
      hoursPerWeek([
        { day: 'mon', from: '09:30', to: '15:00' },
        { day: 'tue', from: '09:30', to: '15:00' },
      ]),
    ).toBe(11);
    expect(hoursPerWeek([])).toBeNull();
  });
});

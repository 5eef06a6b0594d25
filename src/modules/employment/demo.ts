import type { EmploymentService } from './service.ts';

/** Demo employment data (filled in below). */
export async function seedDemoEmployment(employment: EmploymentService) {
  await employment.ensureReferenceData();
}

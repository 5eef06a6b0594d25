/**
 * The bursaries module's front door (docs/ARCHITECTURE.md, "Front doors"): funds, applications made
 * with her mentor or key worker, the guaranteed interview, the panel and its decisions.
 */
export { type CostCategory, costCategories } from './schema.ts';

/**
 * The one place the mentoring module calls the pure matching engine (matching.ts): every caller
 * imports from here, so the engine can change without touching the pages.
 */
export * from './matching.ts';

/** The bursaries module's front door (issue 15). The core (funds, applications, panel) adds its service and routes here. */
export { ledger } from './ledger.ts';

import type { Actor } from '../../platform/auth/actor.ts';
import type { CommissioningDeps } from './deps.ts';
import type { AreaCode } from './model.ts';
import { overview } from './overview.ts';
import {
  type ActionInput,
  addAction,
  complete,
  history,
  type PointInput,
  partnership,
  saveArea,
  setActionDone,
  startYear,
  yearPage,
} from './self-assessment.ts';

/**
 * Commissioning: providers' practice self-assessments against the Mapping the Maze model, and the
 * commissioner's aggregate view of the partnership. Every function authorises first.
 */
export function createCommissioningService(deps: CommissioningDeps) {
  return {
    history: (actor: Actor) => history(deps, actor),
    startYear: (actor: Actor, year: number) => startYear(deps, actor, year),
    yearPage: (actor: Actor, year: number) => yearPage(deps, actor, year),
    saveArea: (actor: Actor, year: number, area: AreaCode, input: PointInput[]) =>
      saveArea(deps, actor, year, area, input),
    complete: (actor: Actor, year: number) => complete(deps, actor, year),
    addAction: (actor: Actor, year: number, input: ActionInput) => addAction(deps, actor, year, input),
    setActionDone: (actor: Actor, id: string, done: boolean) => setActionDone(deps, actor, id, done),
    partnership: (actor: Actor, purpose: 'viewed' | 'exported' = 'viewed') =>
      partnership(deps, actor, purpose),
    overview: (actor: Actor, now?: Date) => overview(deps, actor, now),
  };
}

export type CommissioningService = ReturnType<typeof createCommissioningService>;

import type { Actor } from '../auth/actor.ts';

/**
 * One panel of a signed-in user's home page (today's drop-ins, referrals answered, women not
 * contacted lately...). Modules make them (participants gathers them from the modules registered
 * on its home extension point); the home module only lays them out, so it imports no module.
 */
export interface HomePanel {
  id: string;
  /** The owning module's template for it (listed in that module's `sharedViews`), given `panel`. */
  template: string;
  data: Record<string, unknown>;
}

/** What the composition root hands the home page: the panels this user may see, in page order. */
export type HomePanels = (actor: Actor, now?: Date) => Promise<HomePanel[]>;

import type { Actor } from '../auth/actor.ts';
import { can, type Permission } from '../auth/authorise.ts';

/** One page a module offers in the service navigation and on the home page. */
export interface NavItem {
  href: string;
  /** i18n key of the link text. */
  key: string;
  /** Shown only to those who hold this permission. */
  permission: Permission;
}

/** The item shape govukServiceNavigation renders. */
export interface ServiceNavigationItem {
  href: string;
  text: string;
  active?: boolean;
}

export const allowedItems = (items: readonly NavItem[], actor: Actor | null | undefined): NavItem[] =>
  items.filter((item) => can(actor, item.permission));

const isActive = (href: string, path: string) => path === href || path.startsWith(`${href}/`);

/** The signed-in user's navigation: the pages their role allows ("Sign out", a form, is added by layout.njk). */
export function serviceNavigation(
  items: readonly NavItem[],
  actor: Actor | null | undefined,
  url: string,
  t: (key: string) => string,
): ServiceNavigationItem[] {
  const path = url.split('?')[0] ?? '/';
  return allowedItems(items, actor).map((i) => ({
    href: i.href,
    text: t(i.key),
    active: isActive(i.href, path),
  }));
}

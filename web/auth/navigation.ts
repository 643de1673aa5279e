// The staff navigation: only the pages a role may open, so nobody is offered a link that ends in "no
// access". The roles here are those the pages' own guards admit (web/staff/*.ts requireRole); the access
// table spec holds both to the same answer.
import type { Role, StaffAccount } from './accounts.js';
import { hasRole } from './guards.js';

/** A navigation entry: its address, its text key under staff:nav, and who may open it. */
export interface NavigationItem {
  href: string;
  key: string;
  roles: readonly Role[];
}

/** Every staff area, in the order the navigation shows them. */
export const staffAreas: readonly NavigationItem[] = [
  { href: '/staff/tasks', key: 'tasks', roles: ['back-office', 'front-office', 'team-lead'] },
  { href: '/staff/front-office', key: 'frontOffice', roles: ['front-office', 'team-lead'] },
  { href: '/staff/cases', key: 'cases', roles: ['back-office', 'front-office', 'team-lead'] },
  { href: '/staff/overview', key: 'overview', roles: ['back-office', 'front-office', 'team-lead'] },
  { href: '/staff/designer', key: 'designer', roles: ['process-designer'] },
  { href: '/staff/designer/drafts', key: 'drafts', roles: ['team-lead', 'process-designer'] },
];

/** The areas `staff` may open. */
export function navigationFor(staff: StaffAccount | undefined): NavigationItem[] {
  return staffAreas.filter((area) => hasRole(staff, area.roles));
}

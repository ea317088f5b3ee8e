// The service navigation: each entry is a page of the policy table, shown only to those whose groups may open it.
import { mayOpen, type Page } from '../api/access-policy';

export interface NavigationEntry {
  /** The page whose permission decides whether the entry shows. */
  page: Page;
  href: string;
  text: string;
  /** Matched against a page's `activeNav` to mark where the user is. */
  key: string;
}

/** Every entry, in the order shown. */
export const NAVIGATION: readonly NavigationEntry[] = [
  { page: 'GET /', href: '/', text: 'Your tasks', key: 'inbox' },
  { page: 'GET /rac', href: '/rac', text: 'RAC meeting', key: 'rac' },
  { page: 'GET /advocacy', href: '/advocacy', text: 'Advocacy', key: 'advocacy' },
  { page: 'GET /operations', href: '/operations', text: 'Operations', key: 'operations' },
];

/** The entries a user in these groups may open. */
export function navigationFor(groups: readonly string[]): NavigationEntry[] {
  return NAVIGATION.filter((e) => mayOpen(e.page, groups));
}

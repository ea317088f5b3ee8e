// The staff a development sign-in may pick from: one or two of each group, with the sign-in ids the tests and README use.
import type { Group } from '../api/access-policy';

export interface StaffMember {
  /** Their sign-in id: what the engine records as a task's assignee. */
  id: string;
  name: string;
  /** Their job, in words. */
  role: string;
  groups: readonly Group[];
}

/**
 * FOR LOCAL DEVELOPMENT ONLY: seeded staff, one or more for every group a person signs in with (systems sending
 * contacts in, `contact-intake`, have no pages). In production people and their groups come from the council's
 * identity provider. The practitioner directory's seed names the same practitioner (pat.practitioner).
 */
export const DEVELOPMENT_STAFF: readonly StaffMember[] = [
  { id: 'ada.advisor', name: 'Ada Advisor', role: 'Contact advisor', groups: ['contact-advisors'] },
  { id: 'alan.advisor', name: 'Alan Advisor', role: 'Care navigator', groups: ['contact-advisors'] },
  { id: 'pat.practitioner', name: 'Pat Practitioner', role: 'Social worker', groups: ['practitioners'] },
  { id: 'mary.manager', name: 'Mary Manager', role: 'Team manager', groups: ['team-managers'] },
  { id: 'rita.chair', name: 'Rita Chair', role: 'Chair of the RAC panel', groups: ['rac-panel'] },
  { id: 'cam.commissioner', name: 'Cam Commissioner', role: 'Advocacy coordinator', groups: ['commissioners'] },
  { id: 'olu.operations', name: 'Olu Operations', role: 'Operations', groups: ['operations'] },
  { id: 'ivy.governance', name: 'Ivy Governance', role: 'Information governance officer', groups: ['information-governance'] },
];

/** A colleague's name for display, or their sign-in id when the list does not know them (production's identity provider does). */
export function nameOf(id: string, staff: readonly StaffMember[] = DEVELOPMENT_STAFF): string {
  return staff.find((s) => s.id === id)?.name ?? id;
}

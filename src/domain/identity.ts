// Who someone is, as the engine and the council's directory spell it: one shape for a sign-in id and for a group name.
import { z } from 'zod';

/**
 * A sign-in id (`ada.advisor`) or group name (`contact-advisors`): letters and digits, in runs joined by one `.`, `_`
 * or `-`. It is the engine's own `general-resource-whitelist-pattern` (engine/src/main/resources/application.yaml), so
 * an id the service takes is one the engine takes as a task's assignee or candidate group.
 */
export const IDENTITY_PATTERN = /^[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*$/;

/** The engine keeps user and group ids in columns of 64 characters (ACT_ID_USER.ID_, ACT_ID_GROUP.ID_). */
export const MAX_IDENTITY_LENGTH = 64;

/** How many groups one token may name: a directory that sends more is misconfigured, not generous. */
export const MAX_GROUPS = 100;

/** A sign-in id: a token's `sub`, a task's assignee. Errors: too long, or not letters and digits joined by `.`, `_`, `-`. */
export const signInIdSchema = z
  .string()
  .max(MAX_IDENTITY_LENGTH, `can be at most ${MAX_IDENTITY_LENGTH} characters`)
  .regex(IDENTITY_PATTERN, 'is not a sign-in id: letters and digits, joined by single dots, hyphens or underscores, e.g. ada.advisor');

/** A group name: one of a token's groups, a task's candidate group. Same shape as a sign-in id. */
export const groupNameSchema = z
  .string()
  .max(MAX_IDENTITY_LENGTH, `can be at most ${MAX_IDENTITY_LENGTH} characters`)
  .regex(IDENTITY_PATTERN, 'is not a group name: letters and digits, joined by single dots, hyphens or underscores, e.g. contact-advisors');

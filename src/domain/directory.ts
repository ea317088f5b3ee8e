// A signposting service, in the shape of Open Referral UK: who runs it, how to reach it, who it is for, where and on what.
import { z } from 'zod';
import { emailAddressSchema } from './contact-details';

export const directoryServiceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  organization: z.object({ name: z.string().min(1) }),
  description: z.string().min(1),
  phones: z.array(z.string().min(1)),
  email: emailAddressSchema.nullable(),
  url: z.string().min(1).nullable(),
  eligibility: z.string().min(1),
  service_areas: z.array(z.string().min(1)).min(1),
  taxonomies: z.array(z.string().regex(/^[a-z-]+$/)).min(1),
  source: z.string().min(1),
});

export type DirectoryService = z.infer<typeof directoryServiceSchema>;

export const directoryQuerySchema = z.object({
  q: z.string().trim().min(2, 'must be at least 2 characters').max(100).optional(),
  topic: z.string().regex(/^[a-z-]+$/, 'is a topic such as dementia or carers').optional(),
  area: z.string().trim().min(1).max(100).optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

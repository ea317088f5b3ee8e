// A signposting service, in the shape of Open Referral UK: who runs it, how to reach it, who it is for, where and on what.
import { z } from 'zod';
import { block, line } from './text';
import { emailAddressSchema } from './contact-details';

export const directoryServiceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: line(200),
  organization: z.object({ name: line(200) }),
  description: block(4000),
  phones: z.array(line(50)),
  email: emailAddressSchema.nullable(),
  url: line(500).nullable(),
  eligibility: block(4000),
  service_areas: z.array(line(100)).min(1),
  taxonomies: z.array(z.string().regex(/^[a-z-]+$/)).min(1),
  source: line(500),
});

export type DirectoryService = z.infer<typeof directoryServiceSchema>;

export const directoryQuerySchema = z.object({
  q: line(100, { min: 2 }).optional(),
  topic: z.string().regex(/^[a-z-]+$/, 'is a topic such as dementia or carers').optional(),
  area: line(100).optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

// Job "offer-signposting-directory": the directory's services as the triage form's choices (public names only, no personal data).
import { z } from 'zod';
import type { DirectoryService } from '../src/domain/directory';
import { defineWorker } from '../src/engine/worker';

export const createOfferSignpostingDirectoryWorker = (deps: { directory: { search(q: object): Promise<DirectoryService[]> } }) =>
  defineWorker({
    type: 'offer-signposting-directory',
    input: z.object({}),
    output: z.object({ signpostingOptions: z.array(z.object({ label: z.string(), value: z.string() })) }),
    async handle() {
      const services = await deps.directory.search({});
      return { signpostingOptions: services.map((s) => ({ label: `${s.name} (${s.service_areas.join(', ')})`, value: s.id })) };
    },
  });

// The browser's copy of the task form's conditions (src/web/client/task-form.ts with src/web/camunda-form.ts and
// feelin), bundled by esbuild once per process, in memory: no build step, and the page runs the very code the server does.
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../engine/distribution';

let bundle: Promise<string> | undefined;

/** The task form's script as one ES module (minified JavaScript, ~250 KB); built on first use, then kept. Rejects when esbuild cannot build it. */
export function taskFormScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(PROJECT_ROOT, 'src', 'web', 'client', 'task-form.ts')],
    bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2020', minify: true, legalComments: 'none', logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '').catch((err: unknown) => {
    bundle = undefined;
    throw err;
  });
  return bundle;
}

// Deploys everything in processes/ to a test broker, checked against the workers' job types as at start-up.
import { checkAndDeploy } from '../../src/engine/deploy';
import type { Zeebe } from '../../src/engine/zeebe';
import { jobTypes } from '../../workers';

export function deployAll(zeebe: Zeebe): ReturnType<typeof checkAndDeploy> {
  return checkAndDeploy(zeebe, jobTypes());
}

import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import type { ActivitiesService } from '../activities/activities.service.ts';
import type { ClassesService } from '../classes/classes.service.ts';
import type { Solver } from './model/plan.ts';

/** What the plans service and its accept step are given by the composition root. */
export interface PlansDeps {
  pool: Pool;
  solver: Solver;
  log: Logger;
  activities: ActivitiesService;
  classes: ClassesService;
}

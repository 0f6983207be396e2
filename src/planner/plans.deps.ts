import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { BookingCommands } from '../booking/commands.ts';
import type { ClassesService } from '../classes/classes.service.ts';
import type { Solver } from './model/plan.ts';

/** What the plans service and its accept step are given by the composition root. */
export interface PlansDeps {
  pool: Pool;
  solver: Solver;
  log: Logger;
  /** Says which starts are already past: a plan never proposes them (issue 25 item 2). */
  clock: Clock;
  /** Booking's command API (booking/commands.ts): accepting a plan books each item with it, in the item's transaction. */
  booking: BookingCommands;
  classes: ClassesService;
  /** This process, as it holds plan leases (plans.run.ts); a random name when not given. */
  owner?: string;
}

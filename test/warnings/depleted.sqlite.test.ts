/** `depleted` on SQLite (the suite: depleted.case.ts). */
import { describeDepleted } from './depleted.case.ts';

describeDepleted('SQLite', undefined);

/** The public catalog (issue 15 item 1) on every database of the one list. */
import { forEachDatabase } from '../support/each-database.ts';
import { describePublicCatalog } from './public-catalog.case.ts';

forEachDatabase((db) => describePublicCatalog(db));

/** Suggestions that help, on PostgreSQL (the suite: suggestions.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeSuggestions } from './suggestions.case.ts';

describeSuggestions('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);

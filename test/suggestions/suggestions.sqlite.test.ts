/** Suggestions that help, on SQLite (the suite: suggestions.case.ts). */
import { describeSuggestions } from './suggestions.case.ts';

describeSuggestions('SQLite', undefined);

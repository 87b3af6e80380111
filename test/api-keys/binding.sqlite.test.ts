/** Customer API keys bind, on SQLite (the suite: binding.case.ts). */
import { describeApiKeyBinding } from './binding.case.ts';

describeApiKeyBinding('SQLite', undefined);

/** Publishing a new catalog for an existing tenant, on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { describeCatalogPublish } from './catalog-publish.case.ts';

describeCatalogPublish('postgres', () => makePostgresStore(), SKIP_POSTGRES);

/** Publishing a new catalog for an existing tenant, on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */

import { describeCatalogPublish } from '../../test/http/catalog-publish.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describeCatalogPublish('postgres', () => makePostgresStore(), SKIP_POSTGRES);

/** Publishing a new catalog for an existing tenant, on SQLite. */
import { describeCatalogPublish } from '../../test/http/catalog-publish.case.ts';

describeCatalogPublish('sqlite');

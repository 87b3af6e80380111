/** SQL for tenants' public pages (issue 15): the slug a tenant publishes its catalog under. */
import { readInt, type SqlDriver } from '../driver.ts';

export interface PublicPageRow {
  readonly tenantId: string;
  readonly slug: string;
  readonly signupUrl: string | null;
  readonly updatedAt: number;
}

function toRow(r: Record<string, unknown>): PublicPageRow {
  return {
    tenantId: String(r.tenant_id),
    slug: String(r.slug),
    signupUrl: r.signup_url === null || r.signup_url === undefined ? null : String(r.signup_url),
    updatedAt: readInt(r.updated_at, 'updated_at'),
  };
}

/** Public-page queries bound to one connection or transaction. */
export function createPublicPageQueries(db: SqlDriver) {
  return {
    async findBySlug(slug: string): Promise<PublicPageRow | null> {
      const rows = await db.query(
        'SELECT tenant_id, slug, signup_url, updated_at FROM public_pages WHERE slug = ?',
        [slug],
      );
      return rows[0] === undefined ? null : toRow(rows[0]);
    },

    async get(tenantId: string): Promise<PublicPageRow | null> {
      const rows = await db.query(
        'SELECT tenant_id, slug, signup_url, updated_at FROM public_pages WHERE tenant_id = ?',
        [tenantId],
      );
      return rows[0] === undefined ? null : toRow(rows[0]);
    },

    /** Sets the tenant's page (one row per tenant); the caller has checked the slug is free. */
    async upsert(row: PublicPageRow): Promise<void> {
      await db.run(
        `INSERT INTO public_pages (tenant_id, slug, signup_url, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET slug = excluded.slug, signup_url = excluded.signup_url,
         updated_at = excluded.updated_at`,
        [row.tenantId, row.slug, row.signupUrl, row.updatedAt],
      );
    },

    /** Unpublishes the tenant's page. */
    async remove(tenantId: string): Promise<void> {
      await db.run('DELETE FROM public_pages WHERE tenant_id = ?', [tenantId]);
    },
  };
}

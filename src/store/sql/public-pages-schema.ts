/**
 * Migration 215, in SQL both SQLite and PostgreSQL accept: a tenant's public page (issue 15).
 * A tenant opts in by choosing a slug, unique across tenants, under which anyone may read the
 * buyer's view of its catalog (`GET /v1/public/catalogs/:slug`, the page at `/p/:slug`);
 * `signup_url` is where the page's buy buttons hand a visitor off to the tenant's own sign-up.
 */
export const PUBLIC_PAGES_SCHEMA_SQL = `
CREATE TABLE public_pages (tenant_id TEXT PRIMARY KEY, slug TEXT NOT NULL, signup_url TEXT,
  updated_at BIGINT NOT NULL);
CREATE UNIQUE INDEX public_pages_slug ON public_pages (slug);
`;

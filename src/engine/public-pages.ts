/**
 * Tenants' public pages (issue 15): a tenant opts in by choosing a slug, and anyone may then
 * read the buyer's view of its current catalog under that slug — never costs, margins,
 * keys or customers (`presentPublicCatalog` copies only what a buyer may see).
 */
import type { Catalog } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { estimateMonth, type MonthEstimate, type MonthLine } from '../domain/month-estimate.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runUseCase } from './transaction.ts';

/** Lowercase letters, digits and inner hyphens, 2 to 63 characters: safe in a URL path. */
export const PUBLIC_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

export interface PublicPageSettings {
  readonly slug: string;
  /** Where buy buttons hand a visitor to the tenant's own sign-up; null = none. */
  readonly signupUrl: string | null;
  readonly updatedAt: number;
}

export interface PublishedCatalog {
  readonly tenantId: string;
  readonly page: PublicPageSettings;
  readonly catalog: Catalog;
}

/** Checks a slug; answers a message naming `field` when it does not fit the pattern. */
export function validatePublicSlug(slug: unknown, field: string): Result<string> {
  if (typeof slug !== 'string' || !PUBLIC_SLUG_PATTERN.test(slug))
    return fail(
      'invalid_request',
      `${field} must be 2 to 63 lowercase letters, digits or inner hyphens (like my-app)`,
      field,
    );
  return ok(slug);
}

function validateSignupUrl(url: string | null): Result<string | null> {
  if (url === null) return ok(null);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('invalid_request', 'signup_url must be an absolute http(s) URL', 'signup_url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return fail('invalid_request', 'signup_url must be an absolute http(s) URL', 'signup_url');
  return ok(url);
}

/** Publishes (or, with `slug: null`, unpublishes) the tenant's page; a slug another tenant has is refused. */
export async function setPublicPage(
  ctx: EngineContext,
  input: { tenantId: string; slug: string | null; signupUrl: string | null },
): Promise<Result<PublicPageSettings | null>> {
  const url = validateSignupUrl(input.signupUrl);
  if (!url.ok) return url;
  if (input.slug === null) {
    return runUseCase(ctx, { tenantId: input.tenantId }, async (tx) => {
      await tx.publicPages.remove(input.tenantId);
      return ok(null);
    });
  }
  const slug = validatePublicSlug(input.slug, 'slug');
  if (!slug.ok) return slug;
  const now = ctx.now();
  return runUseCase(ctx, { tenantId: input.tenantId }, async (tx) => {
    if ((await tx.tenants.get(input.tenantId)) === null)
      return fail('not_found', `no tenant ${input.tenantId}`, 'tenant');
    const holder = await tx.publicPages.findBySlug(slug.value);
    if (holder !== null && holder.tenantId !== input.tenantId)
      return fail('invalid_request', `the public slug ${slug.value} is taken by another tenant`, 'slug');
    await tx.publicPages.upsert({
      tenantId: input.tenantId,
      slug: slug.value,
      signupUrl: url.value,
      updatedAt: now,
    });
    return ok({ slug: slug.value, signupUrl: url.value, updatedAt: now });
  });
}

/** The tenant's page settings, or null when it has not published one. */
export async function readPublicPage(
  ctx: EngineContext,
  tenantId: string,
): Promise<Result<PublicPageSettings | null>> {
  return ctx.store.read(async (tx) => {
    const row = await tx.publicPages.get(tenantId);
    return ok(row === null ? null : { slug: row.slug, signupUrl: row.signupUrl, updatedAt: row.updatedAt });
  });
}

/** The current catalog published under `slug`; `not_found` (field `tenant`) when no tenant uses it. */
export async function readPublishedCatalog(
  ctx: EngineContext,
  slug: string,
): Promise<Result<PublishedCatalog>> {
  return ctx.store.read(async (tx) => {
    const row = await tx.publicPages.findBySlug(slug);
    if (row === null) return fail('not_found', `no public catalog ${slug}`, 'tenant');
    const catalog = await loadTenantCatalog(ctx, tx, row.tenantId);
    if (!catalog.ok) return catalog;
    return ok({
      tenantId: row.tenantId,
      page: { slug: row.slug, signupUrl: row.signupUrl, updatedAt: row.updatedAt },
      catalog: catalog.value,
    });
  });
}

/** Prices a month of work at the catalog published under `slug` (the landing page's calculator). */
export async function estimatePublishedMonth(
  ctx: EngineContext,
  slug: string,
  lines: readonly MonthLine[],
): Promise<Result<MonthEstimate>> {
  const published = await readPublishedCatalog(ctx, slug);
  if (!published.ok) return published;
  return estimateMonth(published.value.catalog, lines, ctx.pricing);
}

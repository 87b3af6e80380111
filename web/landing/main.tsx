import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './landing.css';
import type { PublicCatalog } from './api.ts';
import { startHero } from './hero.ts';
import { LandingApp } from './LandingApp.tsx';

/** `/p/musicgen` → `musicgen`; `/` → the demo's default tenant. */
function readSlug(path: string): string {
  const match = /^\/p\/([^/]+)\/?$/.exec(path);
  return match?.[1] === undefined ? 'directors-palette' : decodeURIComponent(match[1]);
}

const slug = readSlug(location.pathname);
const hero = startHero(slug);

/** The hero names the tenant and takes its flavour once the catalog is in. */
function showCatalog(catalog: PublicCatalog): void {
  hero.setCatalog(catalog);
  document.title = `${catalog.name} pricing`;
}

const root = document.getElementById('root');
if (root === null) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <LandingApp slug={slug} onCatalog={showCatalog} />
  </StrictMode>,
);

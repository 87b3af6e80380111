/**
 * The public pricing page of one tenant (`/` for the demo's default tenant, `/p/:slug` for any
 * published one): the model showcase, the calculator, plans and packs, and the video section
 * or the MusicGen flavour. The hero above it is static HTML (`index.html`) that `hero.ts`
 * brings to life; everything here is read from the public catalog.
 */
import { startTransition, useEffect, useState } from 'react';
import { fetchCatalog, type PublicCatalog } from './api.ts';
import { Calculator } from './Calculator.tsx';
import { MusicFlavour, VideoSection } from './Extras.tsx';
import { isMusicFlavour } from './flavour.ts';
import { Plans } from './Plans.tsx';
import { Showcase } from './Showcase.tsx';

export function LandingApp({ slug, onCatalog }: { slug: string; onCatalog: (c: PublicCatalog) => void }) {
  const [catalog, setCatalog] = useState<PublicCatalog | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchCatalog(slug).then(
      (c) => {
        // A transition renders the page in slices that yield to the browser: no long task.
        startTransition(() => setCatalog(c));
        onCatalog(c);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [slug, onCatalog]);
  if (error !== null)
    return (
      <section className="section">
        <h2>No public prices here</h2>
        <p role="alert">{error}</p>
      </section>
    );
  if (catalog === null) return <p className="section loading">Loading the price list…</p>;
  const music = isMusicFlavour(catalog);
  return (
    <>
      {music ? <MusicFlavour catalog={catalog} /> : null}
      <Showcase catalog={catalog} />
      <Calculator catalog={catalog} />
      <Plans catalog={catalog} />
      {music ? null : <VideoSection catalog={catalog} />}
    </>
  );
}

/**
 * The hero's behaviour: its text names the tenant, and its particle scene starts after the
 * page is idle, in a worker on an OffscreenCanvas (three.js and WebGL's set-up never block the
 * page). Where there is no OffscreenCanvas or no WebGL, the static picture already in the HTML
 * stays; `data-hero` on the hero says which one shows (`fallback` or `webgl`). The scene runs
 * only while on screen and the tab is visible, and stays a still frame under reduced motion.
 */
import type { PublicCatalog } from './api.ts';
import { isMusicFlavour } from './flavour.ts';
import type { HeroMessage } from './hero-worker.ts';

export interface Hero {
  setCatalog(catalog: PublicCatalog): void;
}

function startScene(hero: HTMLElement, canvas: HTMLCanvasElement, flavour: 'music' | 'studio'): void {
  const worker = new Worker(new URL('./hero-worker.ts', import.meta.url), { type: 'module' });
  const send = (m: HeroMessage, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  const offscreen = canvas.transferControlToOffscreen();
  send(
    {
      type: 'start',
      canvas: offscreen,
      flavour,
      width: canvas.clientWidth,
      height: canvas.clientHeight,
      pixelRatio: Math.min(window.devicePixelRatio, 2),
    },
    [offscreen],
  );
  const still = window.matchMedia('(prefers-reduced-motion: reduce)');
  let onScreen = true;
  const update = () => {
    const running = !still.matches && onScreen && document.visibilityState === 'visible';
    canvas.dataset.running = String(running);
    send({ type: 'running', running });
  };
  worker.onmessage = (event: MessageEvent<{ type: 'drawn' | 'failed' }>) => {
    if (event.data.type === 'failed') {
      hero.dataset.hero = 'fallback';
      worker.terminate();
      return;
    }
    hero.dataset.hero = 'webgl';
    canvas.dataset.drawn = 'true';
    new IntersectionObserver((entries) => {
      onScreen = entries.some((e) => e.isIntersecting);
      update();
    }).observe(canvas);
    new ResizeObserver(() =>
      send({ type: 'resize', width: canvas.clientWidth, height: canvas.clientHeight }),
    ).observe(canvas);
    document.addEventListener('visibilitychange', update);
    still.addEventListener('change', update);
    window.addEventListener(
      'pointermove',
      (e) => {
        const rect = canvas.getBoundingClientRect();
        send({
          type: 'pointer',
          x: ((e.clientX - rect.left) / rect.width) * 2 - 1,
          y: ((e.clientY - rect.top) / rect.height) * 2 - 1,
        });
      },
      { passive: true },
    );
    update();
  };
}

/** Starts the hero for the page of `slug`. */
export function startHero(slug: string): Hero {
  const hero = document.getElementById('hero') as HTMLElement;
  const canvas = document.getElementById('hero-canvas') as HTMLCanvasElement;
  if (slug === 'musicgen') document.body.classList.add('flavour-music');
  const flavour = () => (document.body.classList.contains('flavour-music') ? 'music' : 'studio');
  if ('transferControlToOffscreen' in canvas && typeof Worker === 'function') {
    // After the page's own work: the hero never delays what a visitor reads.
    const start = () => startScene(hero, canvas, flavour());
    if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 300);
  }
  return {
    setCatalog(catalog) {
      const name = document.getElementById('hero-brand');
      if (name !== null) name.textContent = catalog.name;
      if (isMusicFlavour(catalog)) {
        document.body.classList.add('flavour-music');
        const tagline = document.getElementById('hero-tagline');
        if (tagline !== null)
          tagline.textContent =
            'Type a mood, get a track. Clips are priced by length, free credits every day, packs that never expire.';
      }
    },
  };
}

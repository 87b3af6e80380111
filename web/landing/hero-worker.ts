/**
 * The hero scene's worker: owns the OffscreenCanvas the page handed over and runs three.js
 * there. Messages in: `start`, `pointer`, `resize`, `running`; out: `drawn` after the first
 * frame, or `failed` where WebGL is missing (the page keeps its static picture).
 */
import { type Flavour, type HeroScene, startHeroScene } from './hero-scene.ts';

export type HeroMessage =
  | {
      readonly type: 'start';
      readonly canvas: OffscreenCanvas;
      readonly flavour: Flavour;
      readonly width: number;
      readonly height: number;
      readonly pixelRatio: number;
    }
  | { readonly type: 'pointer'; readonly x: number; readonly y: number }
  | { readonly type: 'resize'; readonly width: number; readonly height: number }
  | { readonly type: 'running'; readonly running: boolean };

let scene: HeroScene | null = null;

self.onmessage = (event: MessageEvent<HeroMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'start':
      try {
        scene = startHeroScene(m.canvas, m);
        self.postMessage({ type: 'drawn' });
      } catch (error) {
        self.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case 'pointer':
      scene?.pointer(m.x, m.y);
      return;
    case 'resize':
      scene?.resize(m.width, m.height);
      return;
    case 'running':
      scene?.setRunning(m.running);
      return;
  }
};

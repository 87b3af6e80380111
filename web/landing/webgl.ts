/**
 * Whether this browser can draw WebGL. Making a context is slow on software renderers, so the
 * page asks only when a scene is about to be shown (the calculator's bars, once scrolled near).
 */
export function canUseWebGL(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}

/** Loads the calculator's bar scene (with three.js, one lazy chunk); the page works without it. */
export function loadBarsScene() {
  return import('./bars-scene.ts');
}

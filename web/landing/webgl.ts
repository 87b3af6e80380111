/** Whether this browser can draw WebGL (the hero falls back to its static picture when not). */
export function canUseWebGL(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}

/** Loads the three.js scenes (one lazy chunk); the page works without it. */
export function loadScenes() {
  return Promise.all([import('./hero-scene.ts'), import('./bars-scene.ts')]).then(([hero, bars]) => ({
    ...hero,
    ...bars,
  }));
}

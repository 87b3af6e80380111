/**
 * The hero's particle field (three.js): a few thousand points drifting in a slow spiral, tilted
 * toward the pointer. It runs inside a worker on an OffscreenCanvas (`hero-worker.ts`), so
 * neither loading three.js nor WebGL's set-up — slow on software renderers — ever blocks the
 * page; the page tells it the pointer, the size and whether to run (on screen, tab visible,
 * motion not reduced).
 */
import {
  AdditiveBlending,
  BufferAttribute,
  BufferGeometry,
  PerspectiveCamera,
  Points,
  PointsMaterial,
  Scene,
  WebGLRenderer,
} from 'three';

export type Flavour = 'music' | 'studio';

export interface HeroScene {
  pointer(x: number, y: number): void;
  resize(width: number, height: number): void;
  setRunning(running: boolean): void;
  stop(): void;
}

const PARTICLES = 2400;
type Rgb = readonly [number, number, number];
const COLOURS: Readonly<Record<Flavour, readonly [Rgb, Rgb]>> = {
  music: [
    [1, 0.45, 0.25],
    [0.95, 0.2, 0.6],
  ],
  studio: [
    [0.35, 0.55, 1],
    [0.6, 0.95, 0.9],
  ],
};

function makeField([a, b]: readonly [Rgb, Rgb]): BufferGeometry {
  const positions = new Float32Array(PARTICLES * 3);
  const colors = new Float32Array(PARTICLES * 3);
  for (let i = 0; i < PARTICLES; i++) {
    const radius = 1.2 + Math.random() * 4.5;
    const angle = Math.random() * Math.PI * 2;
    positions[i * 3] = Math.cos(angle) * radius;
    positions[i * 3 + 1] = (Math.random() - 0.5) * 2.2;
    positions[i * 3 + 2] = Math.sin(angle) * radius;
    const t = Math.random();
    for (let c = 0; c < 3; c++) colors[i * 3 + c] = (a[c] ?? 0) * (1 - t) + (b[c] ?? 0) * t;
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('color', new BufferAttribute(colors, 3));
  return geometry;
}

/** Starts the scene on `canvas` (throws where WebGL is missing) and draws its first frame. */
export function startHeroScene(
  canvas: OffscreenCanvas,
  options: { flavour: Flavour; width: number; height: number; pixelRatio: number },
): HeroScene {
  const renderer = new WebGLRenderer({ canvas, antialias: false, alpha: true });
  renderer.setPixelRatio(options.pixelRatio);
  const scene = new Scene();
  const camera = new PerspectiveCamera(55, 1, 0.1, 100);
  camera.position.set(0, 1.6, 7);
  camera.lookAt(0, 0, 0);
  const geometry = makeField(COLOURS[options.flavour]);
  const material = new PointsMaterial({
    size: 0.05,
    vertexColors: true,
    transparent: true,
    opacity: 0.9,
    blending: AdditiveBlending,
    depthWrite: false,
  });
  const points = new Points(geometry, material);
  scene.add(points);

  const target = { x: 0, y: 0 };
  let frame = 0;
  let running = false;
  const draw = (time: number) => {
    points.rotation.y = time * 0.00006 + target.x * 0.35;
    points.rotation.x = target.y * 0.2;
    renderer.render(scene, camera);
  };
  const loop = (time: number) => {
    draw(time);
    frame = requestAnimationFrame(loop);
  };
  const resize = (width: number, height: number) => {
    renderer.setSize(Math.max(1, width), Math.max(1, height), false);
    camera.aspect = Math.max(1, width) / Math.max(1, height);
    camera.updateProjectionMatrix();
    if (!running) draw(performance.now());
  };
  resize(options.width, options.height);
  draw(0);

  return {
    pointer(x, y) {
      target.x = x;
      target.y = y;
    },
    resize,
    setRunning(next) {
      if (next && !running) frame = requestAnimationFrame(loop);
      if (!next && running) cancelAnimationFrame(frame);
      running = next;
    },
    stop() {
      cancelAnimationFrame(frame);
      geometry.dispose();
      material.dispose();
      renderer.dispose();
    },
  };
}

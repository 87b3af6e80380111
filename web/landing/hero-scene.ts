/**
 * The hero's particle field (three.js, loaded lazily so the first paint never waits for it):
 * a few thousand points drifting in a slow spiral, tilted toward the pointer. It renders only
 * while the hero is on screen and the tab visible, and draws a single still frame when the
 * visitor prefers reduced motion.
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

export interface HeroScene {
  stop(): void;
}

const PARTICLES = 2400;

function makeField(hueA: [number, number, number], hueB: [number, number, number]): BufferGeometry {
  const positions = new Float32Array(PARTICLES * 3);
  const colors = new Float32Array(PARTICLES * 3);
  for (let i = 0; i < PARTICLES; i++) {
    const radius = 1.2 + Math.random() * 4.5;
    const angle = Math.random() * Math.PI * 2;
    positions[i * 3] = Math.cos(angle) * radius;
    positions[i * 3 + 1] = (Math.random() - 0.5) * 2.2;
    positions[i * 3 + 2] = Math.sin(angle) * radius;
    const t = Math.random();
    for (let c = 0; c < 3; c++) colors[i * 3 + c] = (hueA[c] ?? 0) * (1 - t) + (hueB[c] ?? 0) * t;
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('color', new BufferAttribute(colors, 3));
  return geometry;
}

/** Starts the scene in `canvas`; the colours follow the tenant's flavour. */
export function startHeroScene(canvas: HTMLCanvasElement, flavour: 'music' | 'studio'): HeroScene {
  const renderer = new WebGLRenderer({ canvas, antialias: false, alpha: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
  const scene = new Scene();
  const camera = new PerspectiveCamera(55, 1, 0.1, 100);
  camera.position.set(0, 1.6, 7);
  camera.lookAt(0, 0, 0);
  const colours: [[number, number, number], [number, number, number]] =
    flavour === 'music'
      ? [
          [1, 0.45, 0.25],
          [0.95, 0.2, 0.6],
        ]
      : [
          [0.35, 0.55, 1],
          [0.6, 0.95, 0.9],
        ];
  const geometry = makeField(...colours);
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

  const pointer = { x: 0, y: 0 };
  const onPointer = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    pointer.x = ((event.clientX - rect.left) / rect.width) * 2 - 1;
    pointer.y = ((event.clientY - rect.top) / rect.height) * 2 - 1;
  };
  window.addEventListener('pointermove', onPointer, { passive: true });

  const resize = () => {
    const width = canvas.clientWidth || 1;
    const height = canvas.clientHeight || 1;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
  };
  resize();
  const resizeObserver = new ResizeObserver(resize);
  resizeObserver.observe(canvas);

  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  let onScreen = true;
  let frame = 0;
  let running = false;
  const draw = (time: number) => {
    points.rotation.y = time * 0.00006 + pointer.x * 0.35;
    points.rotation.x = pointer.y * 0.2;
    renderer.render(scene, camera);
  };
  const loop = (time: number) => {
    draw(time);
    frame = requestAnimationFrame(loop);
  };
  const update = () => {
    const shouldRun = !still && onScreen && document.visibilityState === 'visible';
    canvas.dataset.running = String(shouldRun);
    if (shouldRun && !running) {
      running = true;
      frame = requestAnimationFrame(loop);
    } else if (!shouldRun && running) {
      running = false;
      cancelAnimationFrame(frame);
    }
  };
  const visibility = new IntersectionObserver((entries) => {
    onScreen = entries.some((e) => e.isIntersecting);
    update();
  });
  visibility.observe(canvas);
  document.addEventListener('visibilitychange', update);
  draw(0);
  canvas.dataset.drawn = 'true';
  update();

  return {
    stop() {
      cancelAnimationFrame(frame);
      visibility.disconnect();
      resizeObserver.disconnect();
      window.removeEventListener('pointermove', onPointer);
      document.removeEventListener('visibilitychange', update);
      geometry.dispose();
      material.dispose();
      renderer.dispose();
    },
  };
}

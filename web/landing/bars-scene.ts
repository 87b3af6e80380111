/**
 * The calculator's 3D bars (three.js, loaded with the hero's chunk): one bar per plan and per
 * competitor, as tall as what it costs a month, the recommended one lit. Decorative: the same
 * figures are in the table beside it, which is what assistive technology reads.
 */
import {
  AmbientLight,
  BoxGeometry,
  Color,
  DirectionalLight,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  WebGLRenderer,
} from 'three';

export interface Bar {
  readonly label: string;
  readonly cents: number;
  readonly kind: 'plan' | 'best' | 'blocked' | 'competitor';
}

export interface BarsScene {
  show(bars: readonly Bar[]): void;
  stop(): void;
}

const COLOURS: Readonly<Record<Bar['kind'], string>> = {
  plan: '#5b7cfa',
  best: '#2fbf71',
  blocked: '#9aa3b5',
  competitor: '#f0a43a',
};

/** Starts the bar scene in `canvas`; `show` replaces the bars. */
export function startBarsScene(canvas: HTMLCanvasElement): BarsScene {
  const renderer = new WebGLRenderer({ canvas, antialias: true, alpha: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
  const scene = new Scene();
  scene.add(new AmbientLight(0xffffff, 1.2));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(3, 6, 5);
  scene.add(sun);
  const camera = new PerspectiveCamera(40, 2, 0.1, 100);
  camera.position.set(0, 4.5, 11);
  camera.lookAt(0, 1.5, 0);
  const geometry = new BoxGeometry(0.8, 1, 0.8);
  let meshes: Mesh[] = [];

  const render = () => {
    const width = canvas.clientWidth || 1;
    const height = canvas.clientHeight || 1;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    renderer.render(scene, camera);
  };
  const resizeObserver = new ResizeObserver(render);
  resizeObserver.observe(canvas);

  return {
    show(bars) {
      for (const m of meshes) {
        scene.remove(m);
        (m.material as MeshStandardMaterial).dispose();
      }
      const top = Math.max(1, ...bars.map((b) => b.cents));
      const gap = Math.min(1.3, 9 / Math.max(1, bars.length));
      meshes = bars.map((bar, i) => {
        const height = Math.max(0.05, (bar.cents / top) * 4);
        const mesh = new Mesh(geometry, new MeshStandardMaterial({ color: new Color(COLOURS[bar.kind]) }));
        mesh.scale.set(1, height, 1);
        mesh.position.set((i - (bars.length - 1) / 2) * gap, height / 2, 0);
        mesh.rotation.y = 0.35;
        scene.add(mesh);
        return mesh;
      });
      render();
      canvas.dataset.drawn = 'true';
    },
    stop() {
      resizeObserver.disconnect();
      geometry.dispose();
      renderer.dispose();
    },
  };
}

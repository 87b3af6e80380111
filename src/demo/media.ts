/**
 * What the simulated provider "makes", drawn on the server: an SVG picture from the prompt,
 * an animated SVG placeholder that runs exactly as long as the video asked for, and a WAV
 * clip of the asked duration for music. Small, deterministic for a given seed, no I/O.
 */

/** A 32-bit FNV-1a hash, to turn a prompt into repeatable colours and shapes. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A small deterministic random generator (mulberry32). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toDataUrl(mime: string, body: string | Buffer): string {
  return `data:${mime};base64,${Buffer.from(body).toString('base64')}`;
}

/** A landscape of circles and hills coloured by the prompt: the studio's "generated image". */
export function drawImage(prompt: string, seed: number, label: string): string {
  const random = createRandom(seed);
  const hue = Math.floor(random() * 360);
  const shapes: string[] = [];
  for (let i = 0; i < 7; i++) {
    const x = Math.round(random() * 640);
    const y = Math.round(random() * 260);
    const r = Math.round(20 + random() * 90);
    const h = (hue + Math.round(random() * 120)) % 360;
    shapes.push(`<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${h} 70% 60%)" fill-opacity="0.55"/>`);
  }
  const hills = `<path d="M0 300 Q160 ${200 + Math.round(random() * 60)} 320 280 T640 270 V400 H0 Z" fill="hsl(${(hue + 180) % 360} 45% 30%)"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue} 60% 85%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 60% 65%)"/></linearGradient></defs>
<rect width="640" height="400" fill="url(#sky)"/>${shapes.join('')}${hills}
<rect x="0" y="356" width="640" height="44" fill="#000" fill-opacity="0.55"/>
<text x="16" y="384" font-family="sans-serif" font-size="18" fill="#fff">${escapeXml(label)}: ${escapeXml(prompt.slice(0, 48) || 'untitled')}</text>
</svg>`;
  return toDataUrl('image/svg+xml', svg);
}

/** A video placeholder: an animated SVG whose progress bar runs for exactly `seconds`. */
export function drawVideoPlaceholder(seconds: number, seed: number, label: string): string {
  const hue = seed % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
<rect width="640" height="360" fill="hsl(${hue} 35% 18%)"/>
<circle cx="320" cy="160" r="60" fill="hsl(${hue} 70% 60%)"><animate attributeName="r" values="40;80;40" dur="${seconds}s" repeatCount="indefinite"/></circle>
<text x="320" y="270" text-anchor="middle" font-family="sans-serif" font-size="22" fill="#fff">${escapeXml(label)} · ${seconds} s video (placeholder)</text>
<rect x="40" y="312" width="560" height="10" rx="5" fill="#fff" fill-opacity="0.25"/>
<rect x="40" y="312" width="0" height="10" rx="5" fill="#fff"><animate attributeName="width" from="0" to="560" dur="${seconds}s" repeatCount="indefinite"/></rect>
</svg>`;
  return toDataUrl('image/svg+xml', svg);
}

const SAMPLE_RATE = 8000;

/** A mono 8-bit WAV of exactly `seconds`: a soft arpeggio picked by the seed. */
export function encodeWavClip(seconds: number, seed: number): string {
  const random = createRandom(seed);
  const samples = Math.round(seconds * SAMPLE_RATE);
  const data = Buffer.alloc(44 + samples);
  data.write('RIFF', 0);
  data.writeUInt32LE(36 + samples, 4);
  data.write('WAVEfmt ', 8);
  data.writeUInt32LE(16, 16);
  data.writeUInt16LE(1, 20); // PCM
  data.writeUInt16LE(1, 22); // mono
  data.writeUInt32LE(SAMPLE_RATE, 24);
  data.writeUInt32LE(SAMPLE_RATE, 28);
  data.writeUInt16LE(1, 32);
  data.writeUInt16LE(8, 34);
  data.write('data', 36);
  data.writeUInt32LE(samples, 40);
  const scale = [220, 247, 262, 294, 330, 349, 392, 440];
  const notes = Array.from({ length: 8 }, () => scale[Math.floor(random() * scale.length)] ?? 220);
  const noteLength = SAMPLE_RATE / 4;
  for (let i = 0; i < samples; i++) {
    const note = notes[Math.floor(i / noteLength) % notes.length] ?? 220;
    const envelope = 1 - (i % noteLength) / noteLength;
    data[44 + i] = 128 + Math.round(40 * envelope * Math.sin((2 * Math.PI * note * i) / SAMPLE_RATE));
  }
  return toDataUrl('audio/wav', data);
}

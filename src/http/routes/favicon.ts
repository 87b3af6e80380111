/**
 * `GET /favicon.ico`: Tollgate's icon (a gold credit coin), so browsers opening the studio, the
 * dashboard or the reference get an icon instead of a 404 in the log. The ICO is drawn here, once,
 * as one 32×32 32-bit image (no binary file to keep in the repository).
 */
import { defineRoute } from '../route.ts';

const SIZE = 32;

/** The coin's colour at pixel (x, y), as [blue, green, red, alpha]. */
function coinPixel(x: number, y: number): [number, number, number, number] {
  const r = Math.hypot(x + 0.5 - SIZE / 2, y + 0.5 - SIZE / 2);
  if (r > 15.5) return [0, 0, 0, 0];
  if (r > 13) return [0x1a, 0x8a, 0xc2, 0xff]; // rim #c28a1a
  // A "T" stamped in the middle (top bar rows 9–12, stem columns 14–17 down to row 23).
  const bar = y >= 9 && y <= 12 && x >= 9 && x <= 22;
  const stem = x >= 14 && x <= 17 && y >= 9 && y <= 23;
  return bar || stem ? [0x1a, 0x5c, 0x8a, 0xff] : [0x3a, 0xc0, 0xf2, 0xff]; // #8a5c1a on #f2c03a
}

/** An ICO file holding one 32×32 BGRA bitmap (rows bottom-up, then an all-clear AND mask). */
export function drawFavicon(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) pixels.set(coinPixel(x, y), ((SIZE - 1 - y) * SIZE + x) * 4);
  }
  const mask = Buffer.alloc((SIZE * SIZE) / 8);
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0); // header size
  info.writeInt32LE(SIZE, 4);
  info.writeInt32LE(SIZE * 2, 8); // colour rows + mask rows
  info.writeUInt16LE(1, 12); // planes
  info.writeUInt16LE(32, 14); // bits per pixel
  info.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([info, pixels, mask]);
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(SIZE, 6);
  header.writeUInt8(SIZE, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(header.length, 18); // image offset
  return Buffer.concat([header, image]);
}

let favicon: Buffer | undefined;

export const faviconRoutes = [
  defineRoute({
    method: 'GET',
    url: '/favicon.ico',
    operationId: 'favicon',
    tag: 'Operations',
    summary: 'The site icon',
    access: 'public',
    raw: true,
    handler: async ({ reply }) => {
      favicon ??= drawFavicon();
      await reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(favicon);
      return null;
    },
  }),
];

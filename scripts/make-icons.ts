// Draws Hearth's icons from a few shapes and writes them to build/:
//   build/icon.png                      the app icon (1024 px), for electron-builder
//   build/tray/<state>Template(@2x).png macOS menu-bar template images (16, 32 px)
//   build/tray/<state>(@2x).png         Linux tray icons (16, 32 px)
//   build/tray/<state>.ico              Windows tray icons (16, 24, 32, 48 px)
// for the states running, scanning, stopped and error.
//
// Run: npx tsx scripts/make-icons.ts. test/packaging/icons.test.ts redraws
// them in memory and fails if build/ has drifted from this file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

type Rgba = readonly [number, number, number, number];
/** A shape: is the point (x, y), in a unit square with y down, inside it? */
type Shape = (x: number, y: number) => boolean;
/** Layers paint bottom to top; the topmost layer containing a point wins. */
type Layer = { shape: Shape; color: Rgba };

export interface Bitmap {
  size: number;
  /** RGBA, straight alpha, row by row. */
  pixels: Buffer;
}

export const trayStates = ['running', 'scanning', 'stopped', 'error'] as const;

// 1. Shapes.

const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/**
 * A flame: a circle drawn up to a point like a teardrop, its tip bent
 * sideways by `bend` (a shear that grows towards the tip).
 */
function flame(cx: number, apexY: number, cy: number, r: number, bend = 0): Shape {
  const d = cy - apexY;
  const reach = (d * d - r * r) / d; // the tangent points' height below the apex
  const slope = r / Math.sqrt(d * d - r * r);
  return (x, y) => {
    if (disc(cx, cy, r)(x, y)) return true;
    const down = y - apexY;
    const sx = x - bend * Math.max(0, 1 - down / d) ** 2;
    return down >= 0 && down <= reach && Math.abs(sx - cx) <= down * slope;
  };
}

const not =
  (shape: Shape): Shape =>
  (x, y) =>
    !shape(x, y);
const both =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && b(x, y);
const either =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) || b(x, y);
const box =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;

const outer = flame(0.5, 0.03, 0.63, 0.33, 0.14);
const inner = flame(0.5, 0.4, 0.73, 0.15, -0.08);
const hollow = both(outer, not(flame(0.5, 0.2, 0.63, 0.21, 0.1)));
const badgeAt = { x: 0.78, y: 0.78, r: 0.22 };
const badgeGap = disc(badgeAt.x, badgeAt.y, badgeAt.r + 0.07);
const badge = disc(badgeAt.x, badgeAt.y, badgeAt.r);
const ring = both(badge, not(disc(badgeAt.x, badgeAt.y, 0.12)));
const bang = either(box(0.75, 0.64, 0.81, 0.8), box(0.75, 0.85, 0.81, 0.91));

// 2. The pictures, as layers.

const clear: Rgba = [0, 0, 0, 0];
const ink: Rgba = [0, 0, 0, 255];
const orange: Rgba = [232, 89, 12, 255];
const yellow: Rgba = [255, 212, 59, 255];
const grey: Rgba = [134, 142, 150, 255];
const blue: Rgba = [28, 126, 214, 255];
const red: Rgba = [224, 49, 49, 255];
const white: Rgba = [255, 255, 255, 255];

type TrayState = (typeof trayStates)[number];

/** Tray pictures: black on clear for macOS templates, in colour elsewhere. */
function trayLayers(state: TrayState, template: boolean): Layer[] {
  const paint = (color: Rgba) => (template ? ink : color);
  const filled: Layer[] = [
    { shape: outer, color: paint(orange) },
    { shape: inner, color: template ? clear : yellow },
  ];
  switch (state) {
    case 'running':
      return filled;
    case 'scanning':
      return [
        ...filled,
        { shape: badgeGap, color: clear },
        { shape: ring, color: paint(blue) },
      ];
    case 'stopped':
      return [{ shape: hollow, color: paint(grey) }];
    case 'error':
      return [
        { shape: hollow, color: paint(grey) },
        { shape: badgeGap, color: clear },
        { shape: badge, color: paint(red) },
        { shape: bang, color: template ? clear : white },
      ];
  }
}

/** The app icon: the coloured flame on a dark rounded square. */
function appLayers(): Layer[] {
  const r = 0.18;
  const rounded: Shape = (x, y) => {
    const dx = Math.max(r - x, x - (1 - r), 0);
    const dy = Math.max(r - y, y - (1 - r), 0);
    return dx * dx + dy * dy <= r * r;
  };
  const scaled =
    (shape: Shape, k: number): Shape =>
    (x, y) =>
      shape((x - 0.5) / k + 0.5, (y - 0.5) / k + 0.5);
  return [
    { shape: rounded, color: [43, 33, 24, 255] },
    { shape: scaled(outer, 0.7), color: orange },
    { shape: scaled(inner, 0.7), color: yellow },
  ];
}

// 3. Rasterising: each pixel averages a grid of samples (antialiasing).

/** Renders layers into a square bitmap of `size` pixels. */
export function rasterise(layers: Layer[], size: number): Bitmap {
  const grid = size >= 256 ? 2 : 6;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < grid; sy += 1) {
        for (let sx = 0; sx < grid; sx += 1) {
          const x = (px + (sx + 0.5) / grid) / size;
          const y = (py + (sy + 0.5) / grid) / size;
          const top = layers.findLast((layer) => layer.shape(x, y));
          const [r, g, b, a] = top?.color ?? clear;
          // Premultiply so clear samples do not darken the edges.
          sum[0]! += r * a;
          sum[1]! += g * a;
          sum[2]! += b * a;
          sum[3]! += a;
        }
      }
      const alpha = sum[3]!;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) {
        pixels[at + c] = alpha === 0 ? 0 : Math.round(sum[c]! / alpha);
      }
      pixels[at + 3] = Math.round(alpha / (grid * grid));
    }
  }
  return { size, pixels };
}

// 4. File formats: PNG (RGBA, no filter) and ICO (PNG entries).

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes a bitmap as an 8-bit RGBA PNG. */
export function encodePng({ size, pixels }: Bitmap): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Encodes several bitmaps as one ICO whose entries are PNGs. */
export function encodeIco(bitmaps: Bitmap[]): Buffer {
  const pngs = bitmaps.map(encodePng);
  const head = Buffer.alloc(6 + 16 * pngs.length);
  head.writeUInt16LE(1, 2); // type: icon
  head.writeUInt16LE(pngs.length, 4);
  let offset = head.length;
  pngs.forEach((png, i) => {
    const at = 6 + 16 * i;
    const size = bitmaps[i]!.size;
    head.writeUInt8(size >= 256 ? 0 : size, at);
    head.writeUInt8(size >= 256 ? 0 : size, at + 1);
    head.writeUInt16LE(1, at + 4); // colour planes
    head.writeUInt16LE(32, at + 6); // bits per pixel
    head.writeUInt32LE(png.length, at + 8);
    head.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([head, ...pngs]);
}

// 5. Every file, by its path under build/.

/** Each icon file under build/ with the bitmaps it holds. */
export function iconFiles(): Map<string, Bitmap[]> {
  const files = new Map<string, Bitmap[]>();
  files.set('icon.png', [rasterise(appLayers(), 1024)]);
  for (const state of trayStates) {
    const template = trayLayers(state, true);
    const colour = trayLayers(state, false);
    files.set(`tray/${state}Template.png`, [rasterise(template, 16)]);
    files.set(`tray/${state}Template@2x.png`, [rasterise(template, 32)]);
    files.set(`tray/${state}.png`, [rasterise(colour, 16)]);
    files.set(`tray/${state}@2x.png`, [rasterise(colour, 32)]);
    files.set(
      `tray/${state}.ico`,
      [16, 24, 32, 48].map((size) => rasterise(colour, size)),
    );
  }
  return files;
}

/** Writes every icon into `buildDir`. */
export function writeIcons(buildDir: string): string[] {
  const written: string[] = [];
  for (const [name, bitmaps] of iconFiles()) {
    const file = path.join(buildDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const bytes = name.endsWith('.ico') ? encodeIco(bitmaps) : encodePng(bitmaps[0]!);
    fs.writeFileSync(file, bytes);
    written.push(file);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const buildDir = fileURLToPath(new URL('../build', import.meta.url));
  for (const file of writeIcons(buildDir)) console.log(file);
}

// The icons in build/ are what scripts/make-icons.ts draws: right sizes per OS,
// macOS template images black on clear, and no drift from the generator.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { iconFiles, trayStates, type Bitmap } from '../../scripts/make-icons.js';
import { repoRoot } from '../helpers/paths.js';

/** Decodes the unfiltered 8-bit RGBA PNGs the generator writes. */
function decodePng(bytes: Buffer): Bitmap {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  let at = 8;
  let size = 0;
  const data: Buffer[] = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') size = body.readUInt32BE(0);
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const rows = zlib.inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    expect(rows[y * (size * 4 + 1)]).toBe(0);
    rows.copy(pixels, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1));
  }
  return { size, pixels };
}

/** Decodes an ICO whose entries are PNGs. */
function decodeIco(bytes: Buffer): Bitmap[] {
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const length = bytes.readUInt32LE(6 + 16 * i + 8);
    const offset = bytes.readUInt32LE(6 + 16 * i + 12);
    return decodePng(bytes.subarray(offset, offset + length));
  });
}

function readIcon(name: string): Bitmap[] {
  const bytes = fs.readFileSync(path.join(repoRoot, 'build', name));
  return name.endsWith('.ico') ? decodeIco(bytes) : [decodePng(bytes)];
}

const expected = iconFiles();

describe('icons in build/', () => {
  it.each([...expected.keys()])('%s matches the generator', (name) => {
    const onDisk = readIcon(name);
    const drawn = expected.get(name)!;
    expect(onDisk.map((b) => b.size)).toEqual(drawn.map((b) => b.size));
    onDisk.forEach((bitmap, i) =>
      expect(bitmap.pixels.equals(drawn[i]!.pixels)).toBe(true),
    );
  });

  it('has every tray state at the sizes each OS asks for', () => {
    for (const state of trayStates) {
      expect(readIcon(`tray/${state}Template.png`)[0]!.size).toBe(16);
      expect(readIcon(`tray/${state}Template@2x.png`)[0]!.size).toBe(32);
      expect(readIcon(`tray/${state}.png`)[0]!.size).toBe(16);
      expect(readIcon(`tray/${state}@2x.png`)[0]!.size).toBe(32);
      expect(readIcon(`tray/${state}.ico`).map((b) => b.size)).toEqual([16, 24, 32, 48]);
    }
    expect(readIcon('icon.png')[0]!.size).toBe(1024);
  });

  it('draws macOS templates in black and alpha only, and each state differently', () => {
    const seen = new Set<string>();
    for (const state of trayStates) {
      const { pixels } = readIcon(`tray/${state}Template@2x.png`)[0]!;
      for (let i = 0; i < pixels.length; i += 4) {
        expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0]);
      }
      seen.add(pixels.toString('base64'));
    }
    expect(seen.size).toBe(trayStates.length);
  });
});

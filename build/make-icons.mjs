#!/usr/bin/env node
/**
 * Draws WER Explorer's icons without any image tool or download: a slate rounded square with an
 * amber warning triangle (app icon), and the bare triangle (tray icon). Writes PNG files (zlib
 * deflate + CRC32) and a Windows .ico that holds PNG images (valid since Windows Vista).
 *
 *   node build/make-icons.mjs [--out DIR]     (default: this folder)
 *
 * Output: icon.png (512 px), icon.ico (16, 24, 32, 48, 64, 128, 256 px), tray/tray.png (16 px),
 * tray/tray@2x.png (32 px, picked by Electron on high-DPI screens). The files are committed;
 * run this again only when the drawing changes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SLATE_TOP = [0x3d, 0x52, 0x73];
const SLATE_BOTTOM = [0x1f, 0x2b, 0x42];
const AMBER = [0xf6, 0xb9, 0x3b];
const AMBER_EDGE = [0xa8, 0x6b, 0x00];
const INK = [0x1f, 0x2b, 0x42];

// ---------------------------------------------------------------- shapes (unit square, y down)

function roundedSquare(x, y, inset, radius) {
  const half = 0.5 - inset - radius;
  const qx = Math.abs(x - 0.5) - half;
  const qy = Math.abs(y - 0.5) - half;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Signed distance to a triangle (negative inside). */
function triangle(px, py, [a, b, c]) {
  const d = Math.min(
    segmentDistance(px, py, a[0], a[1], b[0], b[1]),
    segmentDistance(px, py, b[0], b[1], c[0], c[1]),
    segmentDistance(px, py, c[0], c[1], a[0], a[1]),
  );
  const side = (p, q) => (q[0] - p[0]) * (py - p[1]) - (q[1] - p[1]) * (px - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  const inside = (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  return inside ? -d : d;
}

/** The warning glyph inside a box: triangle with rounded corners, exclamation mark. */
function glyph(box) {
  const at = (u, v) => [box.x + u * box.size, box.y + v * box.size];
  const tri = [at(0.5, 0.1), at(0.93, 0.86), at(0.07, 0.86)];
  const round = 0.06 * box.size;
  return {
    triangle: (x, y) => triangle(x, y, tri) - round,
    bar: (x, y) => segmentDistance(x, y, ...at(0.5, 0.36), ...at(0.5, 0.58)) - 0.06 * box.size,
    dot: (x, y) => Math.hypot(x - at(0.5, 0.76)[0], y - at(0.5, 0.76)[1]) - 0.07 * box.size,
  };
}

/**
 * The app icon as paint layers (bottom first) for one pixel size: each layer is a signed distance
 * function (negative inside) and a colour, or a colour function of the point.
 */
function appIcon(size) {
  // Small sizes get a bigger glyph: at 16 px the detail would be lost in the margin.
  const g = size <= 32 ? glyph({ x: 0.09, y: 0.05, size: 0.82 }) : glyph({ x: 0.18, y: 0.14, size: 0.64 });
  const slate = (_x, y) => {
    const t = Math.min(1, Math.max(0, (y - 0.03) / 0.94));
    return SLATE_TOP.map((top, i) => top + (SLATE_BOTTOM[i] - top) * t);
  };
  return [
    { shape: (x, y) => roundedSquare(x, y, 0.03, 0.19), color: slate },
    { shape: g.triangle, color: AMBER },
    { shape: g.bar, color: INK },
    { shape: g.dot, color: INK },
  ];
}

/** The tray icon: the glyph alone, with a dark edge so it also reads on a light taskbar. */
function trayIcon() {
  const g = glyph({ x: 0, y: 0.02, size: 1 });
  return [
    { shape: g.triangle, color: AMBER_EDGE },
    { shape: (x, y) => g.triangle(x, y) + 0.07, color: AMBER },
    { shape: g.bar, color: INK },
    { shape: g.dot, color: INK },
  ];
}

/**
 * Renders layers at size×size RGBA. Edges are anti-aliased from the distance itself (coverage =
 * how far the pixel centre is inside, in pixels), so one evaluation per pixel and layer suffices.
 */
function render(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      // Premultiplied "over" compositing, bottom layer first.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of layers) {
        const coverage = Math.min(1, Math.max(0, 0.5 - layer.shape(x, y) * size));
        if (coverage === 0) continue;
        const c = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
        r = c[0] * coverage + r * (1 - coverage);
        g = c[1] * coverage + g * (1 - coverage);
        b = c[2] * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round(255 * a);
      }
    }
  }
  return rgba;
}

// ---------------------------------------------------------------- PNG and ICO containers

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG (colour type 6, no interlace, filter 0 on every row). */
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A .ico whose images are PNGs (ICONDIR + one ICONDIRENTRY per image, then the data). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size; // 0 means 256
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

// ---------------------------------------------------------------- main

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : dirname(fileURLToPath(import.meta.url));
mkdirSync(join(out, 'tray'), { recursive: true });

const appPng = (size) => png(size, render(size, appIcon(size)));
writeFileSync(join(out, 'icon.png'), appPng(512));
writeFileSync(join(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: appPng(size) }))));
writeFileSync(join(out, 'tray', 'tray.png'), png(16, render(16, trayIcon())));
writeFileSync(join(out, 'tray', 'tray@2x.png'), png(32, render(32, trayIcon())));
console.log(`Icons written to ${out}`);

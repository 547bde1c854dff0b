/**
 * What specs/porting/uploaded-files.spec.ts needs that is pure: the file it uploads (a text file, or a tiny
 * PNG when the field's `accept` wants images; unique by name and by content), where an answer points to it
 * (a URL naming the file, or a link of the app's own), and how the GETs of it read (which processes had it).
 */
import { deflateSync } from 'node:zlib';

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
  /** Text inside the file that nothing else has: an answer whose body holds it is the file. */
  content: string;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks carry it (ISO 3309, the same as zlib's). */
export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid 1×1 PNG (one grey pixel) whose tEXt chunk holds `text`: an image any image check accepts, unique. */
export function tinyPng(text: string): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter method other than 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const imageWords = /image\/|\.(png|jpe?g|gif|webp|bmp)\b/i;
const textTypes: Record<string, string> = { '.txt': 'text/plain', '.csv': 'text/csv', '.md': 'text/markdown' };

/**
 * The file to upload through a field with this `accept`: a PNG where it asks for images, else a text file
 * (.csv or .md where it names only those); `kind` 'image' asks for the PNG anyway (a server that refused
 * the text file may take an image). Null when the field accepts only types the check cannot make (.pdf).
 */
export function uploadFile(accept: string | undefined, id: string, kind: 'any' | 'image' = 'any'): UploadFile | null {
  const content = `http-test-upload-${id}`;
  const wanted = (accept ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  const anything = wanted.length === 0 || wanted.some((a) => a === '*/*' || a === '*');
  if (kind === 'image' || wanted.some((a) => imageWords.test(a)))
    return { name: `httptest-${id}.png`, mimeType: 'image/png', buffer: tinyPng(content), content };
  const textExtension = anything
    ? '.txt'
    : (wanted.find((a) => a in textTypes) ?? (wanted.some((a) => a.startsWith('text/')) ? '.txt' : null));
  if (!textExtension) return null;
  return {
    name: `httptest-${id}${textExtension}`,
    mimeType: textTypes[textExtension]!,
    buffer: Buffer.from(`${content}: a file uploaded by http-test's porting check\n`),
    content,
  };
}

/** `raw` as a path (and query) of the app at `base`, or null when it is another site's or not a URL. */
function appPath(raw: string, base: string): string | null {
  try {
    const url = new URL(raw.replaceAll('&amp;', '&'), base);
    if (url.origin !== new URL(base).origin) return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

/**
 * URLs of the app at `base` that an answer (a page, JSON, a Location) writes with `needle` in them: the
 * uploaded file's id, whichever way the app spells the name (secure_filename, a prefix, a folder per user).
 */
export function urlsNaming(body: string, needle: string, base: string): string[] {
  const found = new Set<string>();
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const match of body.matchAll(new RegExp(`[^\\s"'<>()\`,]*${escaped}[^\\s"'<>()\`,]*`, 'g'))) {
    const token = match[0].replace(/^[=:]+/, '');
    // A bare file name in a page's text ("httptest-1a2b.png uploaded") is not a URL: a link has a / in it.
    if (!token.includes('/')) continue;
    const path = appPath(token, base);
    if (path) found.add(path);
  }
  return [...found];
}

/** The app's own links in a page (href, src, data, action): where a file renamed on upload may be served. */
export function linksIn(body: string, base: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(/\b(?:href|src|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const path = appPath(match[1] ?? match[2] ?? match[3] ?? '', base);
    if (path && !path.startsWith('/#')) found.add(path);
  }
  return [...found];
}

export interface FileGet {
  worker: string;
  status: number;
  /** Whether the answer was the uploaded file (its content in the body). */
  found: boolean;
}

/** The GETs of the file grouped: which processes served it, which answered without it, and how. */
export function readGets(gets: FileGet[]): {
  servedBy: string[];
  missedBy: string[];
  summary: string;
} {
  const servedBy = [...new Set(gets.filter((g) => g.found).map((g) => g.worker))];
  const missedBy = [...new Set(gets.filter((g) => !g.found).map((g) => g.worker))];
  const counts = new Map<string, number>();
  for (const g of gets) {
    const key = `${g.status}${g.found ? ' with the file' : g.status < 400 && g.status > 0 ? ' without it' : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const summary = [...counts].map(([key, n]) => `${n} × ${key}`).join(', ');
  return { servedBy, missedBy, summary };
}

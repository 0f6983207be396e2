import type { Person, Visit } from './store.ts';

/**
 * Reads what was scanned or typed against the roster on the phone, with no network: the signed QR
 * payload exactly as issued for this visit, or the short code typed any way a person types it (case,
 * spaces, dashes, full-width characters), as shared/check-in-code.ts reads it on the server.
 */
export type ScanMatch = { kind: 'person'; person: Person } | { kind: 'elsewhere' } | { kind: 'invalid' };

const SHORT = /^[2-9A-HJKMNP-TV-Z]{7}$/;

export function matchCode(text: string, visit: Visit, all: Visit[]): ScanMatch {
  const input = text.normalize('NFKC').trim();
  if (/^ORRERY-A\d/i.test(input)) {
    const person = visit.people.find((p) => p.payload === input);
    if (person) return { kind: 'person', person };
    return all.some((v) => v.people.some((p) => p.payload === input)) || /^ORRERY-A1\.\d+\.\d+\.[A-Za-z0-9_-]{43}$/.test(input) ? { kind: 'elsewhere' } : { kind: 'invalid' };
  }
  const code = input.toUpperCase().replace(/[\s\-‐-―−_.·]/g, '');
  if (!SHORT.test(code)) return { kind: 'invalid' };
  const person = visit.people.find((p) => p.shortCode.replace('-', '') === code);
  return person ? { kind: 'person', person } : { kind: 'elsewhere' };
}

/** Frames read per second: answers within a fraction of a second, light on an old phone. */
const READS_PER_SECOND = 8;

/**
 * The rear camera into `video`, read by the browser's BarcodeDetector where it reads QR codes, else
 * by ZXing (@zxing/browser, a chunk loaded only when the camera first starts). Returns a stop function.
 */
export async function startCamera(video: HTMLVideoElement, onText: (text: string) => void): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  await video.play();
  const read = await decoder();
  const canvas = document.createElement('canvas');
  let last = '';
  const timer = window.setInterval(async () => {
    if (video.videoWidth === 0) return;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')!.drawImage(video, 0, 0);
    const text = await read(canvas);
    if (text && text !== last) onText(text);
    last = text ?? '';
  }, 1000 / READS_PER_SECOND);
  return () => {
    window.clearInterval(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
}

async function decoder(): Promise<(canvas: HTMLCanvasElement) => Promise<string | null>> {
  const w = window as unknown as { BarcodeDetector?: { new (o: { formats: string[] }): { detect(c: HTMLCanvasElement): Promise<{ rawValue: string }[]> }; getSupportedFormats(): Promise<string[]> } };
  if (w.BarcodeDetector && (await w.BarcodeDetector.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new w.BarcodeDetector({ formats: ['qr_code'] });
    return async (canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null;
  }
  const { BrowserQRCodeReader } = await import('@zxing/browser');
  const reader = new BrowserQRCodeReader();
  return async (canvas) => {
    try {
      return reader.decodeFromCanvas(canvas).getText();
    } catch {
      return null; // no code in this frame: the usual case
    }
  };
}

import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

/**
 * A video file for Chromium's fake camera (`--use-file-for-fake-video-capture`): a QR code on a
 * white card in a grey room, as YUV4MPEG2 (a text header, then per frame `FRAME\n` and the raw
 * 4:2:0 planes: Y full size, U and V at half width and height). Chromium loops the file and opens it
 * anew each time the page starts the camera, so rewriting it between starts shows another code.
 */
export function qrVideo(payload: string, options: { width?: number; height?: number; frames?: number } = {}): Buffer {
  const { width = 640, height = 480, frames = 2 } = options;
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor((Math.min(width, height) * 0.9) / (modules + 2 * quiet));
  const side = (modules + 2 * quiet) * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 96); // the room: mid grey (video range is 16–235)
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - quiet;
      const col = Math.floor(x / scale) - quiet;
      const dark = row >= 0 && col >= 0 && row < modules && col < modules && qr.modules.get(row, col) === 1;
      luma[(top + y) * width + left + x] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128); // no colour
  const frame = [Buffer.from('FRAME\n'), luma, chroma];
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame).flat()]);
}

export async function writeQrVideo(file: string, payload: string): Promise<void> {
  await writeFile(file, qrVideo(payload));
}

/** Chromium's flags for a camera that shows `file` and is allowed without asking. */
export const fakeCameraArgs = (file: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];

// The door's camera scanner: the phone's (rear) camera into a <video>, frames read a few times a
// second by the browser's own BarcodeDetector where it reads QR codes (Chrome on Android and macOS,
// Safari 17+), else by ZXing (@zxing/browser, served from node_modules at /vendor/zxing and loaded
// only when the camera is first started: 110 KB gzipped the page does not need otherwise).

const ZXING_SRC = '/vendor/zxing/zxing-browser.min.js';
/** Frames per second read: enough to answer within a fraction of a second, little enough for an old phone. */
const READS_PER_SECOND = 8;
/** The same code still in front of the camera is not sent again until it has been out of sight this long. */
const SAME_CODE_AFTER_MS = 2500;
/** Frames are read at most this wide: a QR code held up to a phone needs no more, and ZXing's time grows with pixels. */
const READ_WIDTH = 640;

/** @type {Promise<void> | null} */
let zxingLoaded = null;
function loadZxing() {
  zxingLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = ZXING_SRC;
    script.onload = () => resolve();
    script.onerror = () => {
      zxingLoaded = null;
      reject(new Error('decoder_unavailable'));
    };
    document.head.append(script);
  });
  return zxingLoaded;
}

/**
 * A function that reads a QR code's text from a canvas, or null when it sees none.
 * @returns {Promise<{ name: 'native' | 'zxing', read: (canvas: HTMLCanvasElement) => Promise<string | null> }>}
 */
async function pickDecoder() {
  const w = /** @type {any} */ (window);
  if (w.BarcodeDetector && (await w.BarcodeDetector.getSupportedFormats().catch(() => [])).includes('qr_code')) {
    const detector = new w.BarcodeDetector({ formats: ['qr_code'] });
    return { name: 'native', read: async (canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null };
  }
  await loadZxing();
  const reader = new w.ZXingBrowser.BrowserQRCodeReader();
  return {
    name: 'zxing',
    read: async (canvas) => {
      try {
        return reader.decodeFromCanvas(canvas).getText();
      } catch {
        return null; // ZXing throws when a frame holds no code: the usual case between people
      }
    },
  };
}

/**
 * @param {{ video: HTMLVideoElement, onCode: (text: string, decodedAt: number) => Promise<void>, onState: (state: 'starting' | 'on' | 'off' | 'denied' | 'unavailable') => void }} options
 */
export function cameraScanner({ video, onCode, onState }) {
  /** @type {MediaStream | null} */
  let stream = null;
  let timer = 0;
  let busy = false;
  let last = { text: '', seen: 0 };
  const canvas = document.createElement('canvas');
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));

  async function tick(decoder) {
    if (!stream || busy || video.readyState < 2 || video.videoWidth === 0) return;
    busy = true;
    try {
      const scale = Math.min(1, READ_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const text = await decoder.read(canvas);
      const now = performance.now();
      if (!text) return;
      const repeat = text === last.text && now - last.seen < SAME_CODE_AFTER_MS;
      last = { text, seen: now };
      if (!repeat && stream) await onCode(text, now);
    } finally {
      busy = false;
    }
  }

  return {
    get on() {
      return stream !== null;
    },
    async start() {
      if (stream) return;
      onState('starting');
      if (!navigator.mediaDevices?.getUserMedia) {
        onState('unavailable');
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false });
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        onState(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
        return;
      }
      try {
        const decoder = await pickDecoder();
        video.dataset.decoder = decoder.name;
        video.srcObject = stream;
        await video.play();
        last = { text: '', seen: 0 };
        timer = window.setInterval(() => void tick(decoder), 1000 / READS_PER_SECOND);
        onState('on');
      } catch {
        this.stop();
        onState('unavailable');
      }
    },
    stop() {
      window.clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
      stream = null;
      video.srcObject = null;
      onState('off');
    },
  };
}

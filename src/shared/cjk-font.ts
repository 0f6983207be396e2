import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The CJK font of every PDF Orrery writes (certificates, the annual report): Noto Sans SC from the
 * @expo-google-fonts/noto-sans-sc package (SIL OFL), read from node_modules once per weight; pdfkit's
 * fontkit embeds only the glyphs a document uses.
 */
const WEIGHTS = { regular: '400Regular', bold: '700Bold' } as const;
const require = createRequire(import.meta.url);
const loaded = new Map<keyof typeof WEIGHTS, Buffer>();

export function cjkFont(weight: keyof typeof WEIGHTS = 'regular'): Buffer {
  let font = loaded.get(weight);
  if (!font) {
    font = readFileSync(require.resolve(`@expo-google-fonts/noto-sans-sc/${WEIGHTS[weight]}/NotoSansSC_${WEIGHTS[weight]}.ttf`));
    loaded.set(weight, font);
  }
  return font;
}

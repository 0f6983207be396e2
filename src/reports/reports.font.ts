import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

/**
 * The CJK font for PDFs: Noto Sans SC Regular from @expo-google-fonts/noto-sans-sc, read once.
 * (The certificates feature loads the same file; the two loaders are to be merged.)
 */
let font: Buffer | undefined;

export function notoSansSc(): Buffer {
  font ??= readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  return font;
}

import type { Language } from '../shared/types.ts';

/** The participant page's path: /registrations/{id}{suffix}?sig=…&lang=… (the signature is the key). */
export function manageLink(id: number, sig: string, language: Language, suffix = ''): string {
  return `/registrations/${id}${suffix}?sig=${encodeURIComponent(sig)}&lang=${language}`;
}

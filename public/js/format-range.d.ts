// Types of format-range.js for the server, which imports it (src/registrations/registrations.pages.ts, src/shared/zone-names.ts).
export function formatRangeIn(language: 'zh-CN' | 'en', startIso: string, endIso: string, zone: string, allDay: boolean): string;
export function zoneNameIn(language: 'zh-CN' | 'en', zone: string, at?: Date): string;

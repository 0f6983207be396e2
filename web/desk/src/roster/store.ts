import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * What the phone keeps (IndexedDB through `idb`): the day's roster as the server signed it, the marks
 * and head counts made on it (queued until synced, then kept with the server's answer so the screen
 * still shows them), and this device's id. Everything goes with `erase()`: after the visit, when the
 * roster expires, and on signing out.
 */
export interface RosterData {
  date: string;
  unitId: number;
  signature: string;
  expiresAt: string;
  generatedAt: string;
  visits: Visit[];
  marks: { registrationId: number; occurrenceId: number; step: Step; deviceTime: string; device: string }[];
}
export interface Visit {
  activityId: number;
  occurrenceId: number;
  title: { 'zh-CN': string; en: string };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  destination: string;
  meetingPoint: string;
  meetingAt: string | null;
  contact: string;
  contactPhone: string;
  transport: string;
  people: Person[];
}
export interface Person {
  registrationId: number;
  name: string;
  role: 'student' | 'teacher' | 'guardian' | 'staff';
  grade: number | null;
  class: string | null;
  consent: 'given' | 'missing' | 'none';
  shortCode: string;
  payload: string;
}
export const STEPS = ['check_in', 'left_school', 'arrived', 'left_venue', 'back_at_school'] as const;
export type Step = (typeof STEPS)[number];

export interface QueuedMark {
  markId: string;
  occurrenceId: number;
  registrationId: number;
  step: Step;
  method: 'scan' | 'tap';
  deviceTime: string;
  device: string;
  /** null until synced; then the server's outcome (and its refusal code). */
  outcome: null | 'accepted' | 'duplicate' | 'conflict' | 'refused';
  code?: string | undefined;
  won?: boolean | undefined;
}
export interface QueuedHeadCount {
  headCountId: string;
  occurrenceId: number;
  step: Exclude<Step, 'check_in'>;
  counted: number;
  missing: number[];
  deviceTime: string;
  device: string;
  outcome: null | 'accepted' | 'duplicate' | 'conflict' | 'refused';
}

interface RosterDB extends DBSchema {
  roster: { key: string; value: RosterData };
  marks: { key: string; value: QueuedMark };
  headCounts: { key: string; value: QueuedHeadCount };
  device: { key: string; value: string };
}

export const DB_NAME = 'orrery-roster';
let db: Promise<IDBPDatabase<RosterDB>> | null = null;

function open(): Promise<IDBPDatabase<RosterDB>> {
  db ??= openDB<RosterDB>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('roster');
      d.createObjectStore('marks', { keyPath: 'markId' });
      d.createObjectStore('headCounts', { keyPath: 'headCountId' });
      d.createObjectStore('device');
    },
  });
  return db;
}

export async function loadRoster(date: string): Promise<RosterData | undefined> {
  return (await open()).get('roster', date);
}
export async function saveRoster(roster: RosterData): Promise<void> {
  await (await open()).put('roster', roster, roster.date);
}
export async function allMarks(): Promise<QueuedMark[]> {
  return (await open()).getAll('marks');
}
export async function allHeadCounts(): Promise<QueuedHeadCount[]> {
  return (await open()).getAll('headCounts');
}
export async function putMarks(marks: QueuedMark[]): Promise<void> {
  const tx = (await open()).transaction('marks', 'readwrite');
  await Promise.all([...marks.map((m) => tx.store.put(m)), tx.done]);
}
export async function putHeadCounts(counts: QueuedHeadCount[]): Promise<void> {
  const tx = (await open()).transaction('headCounts', 'readwrite');
  await Promise.all([...counts.map((h) => tx.store.put(h)), tx.done]);
}

/** This phone's id, made once (a random id: nothing about the person or the device). */
export async function thisDevice(): Promise<string> {
  const d = await open();
  const known = await d.get('device', 'id');
  if (known) return known;
  const made = `dev-${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await d.put('device', made, 'id');
  return made;
}

/** Deletes everything the page kept: the database itself, not only its rows. */
export async function erase(): Promise<void> {
  if (db) (await db).close();
  db = null;
  await deleteDB(DB_NAME);
}

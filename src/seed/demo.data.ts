import type { ActivityKind, ResourceKind, UnitKind } from '../shared/types.ts';
import type { OpeningHours } from '../resources/resources.schema.ts';

/**
 * The demo programme, taken from the agreement between the Beijing Academy of Science and
 * Technology (BJAST) and Beijing School: its units, the equipment they lent the school, and a
 * school year of joint activities. Dates are offsets into the current school year.
 */
export interface DemoUnit {
  slug: string;
  kind: UnitKind;
  zh: string;
  en: string;
  parent?: string;
}

export const demoUnits: DemoUnit[] = [
  { slug: 'bjast', kind: 'academy', zh: '北京市科学技术研究院', en: 'Beijing Academy of Science and Technology (BJAST)' },
  { slug: 'planetarium', kind: 'academy_unit', zh: '北京天文馆', en: 'Beijing Planetarium', parent: 'bjast' },
  { slug: 'museum', kind: 'academy_unit', zh: '北京自然博物馆', en: 'Beijing Museum of Natural History', parent: 'bjast' },
  { slug: 'milu', kind: 'academy_unit', zh: '北京麋鹿生态实验中心', en: 'Beijing Milu Ecological Research Center', parent: 'bjast' },
  { slug: 'publishing', kind: 'academy_unit', zh: '北京科学技术出版社有限公司', en: 'Beijing Science and Technology Publishing Co., Ltd', parent: 'bjast' },
  { slug: 'beijing-school', kind: 'school', zh: '北京学校', en: 'Beijing School' },
];

export interface DemoResource {
  key: string;
  unit: string;
  kind: ResourceKind;
  category?: string;
  zh: string;
  en: string;
  quantity?: number;
  /** Where it is, in both languages. */
  place?: { zh: string; en: string };
  openingHours?: OpeningHours;
}

const day = (from: string, to: string) => [[from, to] as [string, string]];
const weekdays = (from: string, to: string): OpeningHours => ({
  mon: day(from, to), tue: day(from, to), wed: day(from, to), thu: day(from, to), fri: day(from, to),
});
const closedMondays = (from: string, to: string): OpeningHours => ({
  tue: day(from, to), wed: day(from, to), thu: day(from, to), fri: day(from, to), sat: day(from, to), sun: day(from, to),
});

export const demoResources: DemoResource[] = [
  { key: 'auditorium', unit: 'beijing-school', kind: 'venue', zh: '学校礼堂', en: 'School auditorium', place: { zh: '北京学校主楼', en: 'Beijing School, main building' }, openingHours: weekdays('07:30', '21:00') },
  { key: 'classroom', unit: 'beijing-school', kind: 'venue', zh: '科学教室', en: 'Science classroom', place: { zh: '北京学校科学楼', en: 'Beijing School, science wing' }, openingHours: weekdays('07:30', '21:00') },
  { key: 'dome', unit: 'planetarium', kind: 'venue', zh: '天象厅', en: 'Planetarium dome', place: { zh: '北京天文馆（西城区）', en: 'Beijing Planetarium, Xicheng' }, openingHours: closedMondays('09:00', '16:30') },
  { key: 'hall', unit: 'museum', kind: 'venue', zh: '博物馆展厅', en: 'Museum hall', place: { zh: '北京自然博物馆（天桥）', en: 'Beijing Museum of Natural History, Tianqiao' }, openingHours: closedMondays('09:00', '17:00') },
  { key: 'park', unit: 'milu', kind: 'venue', zh: '麋鹿苑', en: 'Milu park', place: { zh: '大兴区南海子', en: 'Nanhaizi, Daxing' }, openingHours: { ...closedMondays('08:30', '17:00'), mon: day('08:30', '17:00') } },
  { key: 'astronomer', unit: 'planetarium', kind: 'staff', zh: '天文辅导员', en: 'Astronomy instructor' },
  { key: 'educator', unit: 'museum', kind: 'staff', zh: '博物馆科普讲解员', en: 'Museum science educator' },
  { key: 'ecologist', unit: 'milu', kind: 'staff', zh: '麋鹿生态研究员', en: 'Milu ecologist' },
  { key: 'editor', unit: 'publishing', kind: 'staff', zh: '科普编辑', en: 'Popular-science editor' },
  { key: 'telescopes', unit: 'planetarium', kind: 'equipment', category: 'telescope', zh: '天文望远镜', en: 'Astronomical telescope', quantity: 5 },
  { key: 'meteorites', unit: 'planetarium', kind: 'equipment', category: 'meteorite', zh: '陨石标本', en: 'Meteorite specimen', quantity: 3 },
  { key: 'instruments', unit: 'planetarium', kind: 'equipment', category: 'instrument_model', zh: '古代天文仪器模型', en: 'Ancient astronomical instrument model', quantity: 6 },
  { key: 'specimens', unit: 'museum', kind: 'equipment', category: 'biological_specimen', zh: '生物标本', en: 'Biological specimen', quantity: 26 },
  { key: 'peacocks', unit: 'milu', kind: 'equipment', category: 'live_animal', zh: '孔雀', en: 'Peacock', quantity: 4 },
  { key: 'books', unit: 'publishing', kind: 'equipment', category: 'book_set', zh: '科普图书套装', en: 'Popular-science book set', quantity: 120 },
];

export interface DemoActivity {
  kind: ActivityKind;
  organizer: string;
  venue?: string;
  zh: string;
  en: string;
  descriptionZh: string;
  descriptionEn: string;
  /** Days after the school year starts (1 September), and local wall-clock times. */
  day: number;
  start: string;
  end: string;
  /** All-day activities span whole local days; `days` is how many. */
  allDayDays?: number;
  status: 'draft' | 'requested' | 'confirmed';
  capacity?: number;
  grades: number[];
  languages?: ('zh-CN' | 'en')[];
  claims?: { resource: string; quantity: number; setupMinutes?: number; teardownMinutes?: number }[];
  /** A recurring activity: RRULE from its first occurrence (`day`). */
  recurrenceRule?: string;
}

export const demoActivities: DemoActivity[] = [
  { kind: 'exhibition', organizer: 'planetarium', venue: 'classroom', zh: '天外来客：陨石进校园展', en: 'Visitors from Space: meteorites at school',
    descriptionZh: '北京天文馆的三块陨石标本走进北京学校。', descriptionEn: 'Three meteorite specimens from the Beijing Planetarium on show at Beijing School.',
    day: 14, start: '00:00', end: '00:00', allDayDays: 12, status: 'confirmed', capacity: 400, grades: [3, 4, 5, 6, 7, 8, 9],
    claims: [{ resource: 'meteorites', quantity: 3, setupMinutes: 1440, teardownMinutes: 1440 }] },
  { kind: 'teacher_training', organizer: 'planetarium', venue: 'dome', zh: '科学教师天文素养培训', en: 'Astronomy literacy for science teachers',
    descriptionZh: '面向科学教师和科技辅导员的天文专题培训。', descriptionEn: 'A training day on astronomy for science teachers and technology instructors.',
    day: 29, start: '09:30', end: '15:30', status: 'confirmed', capacity: 40, grades: [], languages: ['zh-CN', 'en'],
    claims: [{ resource: 'astronomer', quantity: 1 }, { resource: 'instruments', quantity: 6 }] },
  { kind: 'field_visit', organizer: 'beijing-school', venue: 'hall', zh: '走进自然博物馆', en: 'Field visit: Museum of Natural History',
    descriptionZh: '七年级学生参观北京自然博物馆，观察生物标本。', descriptionEn: 'Grade 7 visits the Beijing Museum of Natural History to study biological specimens.',
    day: 50, start: '09:00', end: '12:00', status: 'confirmed', capacity: 60, grades: [7],
    claims: [{ resource: 'educator', quantity: 1 }] },
  { kind: 'talent_training', organizer: 'planetarium', venue: 'classroom', zh: '青少年天文观测营', en: 'Young astronomers: telescope observation',
    descriptionZh: '用天文望远镜观测月球与行星。', descriptionEn: 'Observe the Moon and planets through astronomical telescopes.',
    day: 86, start: '18:30', end: '20:30', status: 'confirmed', capacity: 20, grades: [8, 9, 10],
    claims: [{ resource: 'telescopes', quantity: 3, setupMinutes: 30, teardownMinutes: 30 }, { resource: 'astronomer', quantity: 1 }] },
  { kind: 'club_session', organizer: 'beijing-school', venue: 'auditorium', zh: '科普剧社排练', en: 'Popular-science drama club rehearsal',
    descriptionZh: '科普剧《麋鹿回家》排练。', descriptionEn: 'Rehearsal of the popular-science play "The Little Milu Going Home".',
    day: 93, start: '16:00', end: '17:30', status: 'confirmed', capacity: 30, grades: [4, 5, 6], recurrenceRule: 'FREQ=WEEKLY;COUNT=10' },
  { kind: 'science_show', organizer: 'milu', venue: 'auditorium', zh: '科普剧《麋鹿回家》演出', en: 'Science show: "The Little Milu Going Home"',
    descriptionZh: '北京学校科普剧社演出麋鹿中心原创科普剧。', descriptionEn: 'The drama club performs the play created by the Milu Ecological Research Center.',
    day: 120, start: '14:00', end: '15:30', status: 'confirmed', capacity: 500, grades: [1, 2, 3, 4, 5, 6], languages: ['zh-CN', 'en'],
    claims: [{ resource: 'peacocks', quantity: 2, setupMinutes: 60, teardownMinutes: 60 }] },
  { kind: 'research_study', organizer: 'milu', venue: 'park', zh: '麋鹿种群研学', en: 'Research study: the milu deer population',
    descriptionZh: '在麋鹿苑开展种群观察与记录。', descriptionEn: 'Observe and record the milu deer population in the park.',
    day: 210, start: '09:00', end: '16:00', status: 'confirmed', capacity: 35, grades: [10, 11],
    claims: [{ resource: 'ecologist', quantity: 1 }] },
  { kind: 'teacher_training', organizer: 'publishing', venue: 'classroom', zh: '科普写作工作坊', en: 'Popular-science writing workshop',
    descriptionZh: '出版社编辑指导教师编写科普读物。', descriptionEn: 'Editors coach teachers in writing popular-science material.',
    day: 230, start: '14:00', end: '17:00', status: 'requested', capacity: 25, grades: [],
    claims: [{ resource: 'editor', quantity: 1 }, { resource: 'books', quantity: 25 }] },
  { kind: 'field_visit', organizer: 'beijing-school', venue: 'dome', zh: '天文馆球幕观影', en: 'Planetarium dome show visit',
    descriptionZh: '五年级学生到天文馆观看球幕节目。', descriptionEn: 'Grade 5 watches a dome show at the Beijing Planetarium.',
    day: 240, start: '10:00', end: '11:30', status: 'draft', capacity: 90, grades: [5] },
  { kind: 'summer_camp', organizer: 'milu', venue: 'park', zh: '麋鹿生态夏令营', en: 'Milu ecology summer camp',
    descriptionZh: '五天的湿地与麋鹿生态夏令营。', descriptionEn: 'Five days of wetland and milu deer ecology.',
    day: 318, start: '00:00', end: '00:00', allDayDays: 5, status: 'confirmed', capacity: 40, grades: [6, 7, 8], languages: ['zh-CN', 'en'],
    claims: [{ resource: 'ecologist', quantity: 1 }, { resource: 'specimens', quantity: 10 }] },
];

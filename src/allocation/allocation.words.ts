import type { Explanation, Outcome, PreferenceResult, Tier } from './allocation.model.ts';

/**
 * PURE: an explanation's codes in the school's language (zh-CN or en). The server stores codes and data
 * (allocation.model.ts); pages and emails word them here, so a Chinese reader sees no code or id: a slot is
 * named by the label the caller passes (its date and time in the offer's zone, e.g. "12月9日 周三 09:00").
 */
export type Lang = 'zh-CN' | 'en';
type SlotLabel = (slotId: string) => string;

const ORDINAL_EN = ['1st', '2nd', '3rd'];
const rankWord = (rank: number, lang: Lang) => (lang === 'en' ? `${ORDINAL_EN[rank - 1] ?? `${rank}th`} preference` : `第${rank}志愿`);

const TIER_WORDS: Record<Tier, [zh: string, en: string]> = {
  no_place_yet: ['尚无名额的学校', 'schools with no place yet'],
  no_place_in_offer: ['本次尚无名额的学校', 'schools with no place in this offer'],
  has_place: ['已有名额的学校', 'schools that already had a place'],
};
const tierWord = (tier: Tier, lang: Lang) => TIER_WORDS[tier][lang === 'en' ? 1 : 0];

export function wordPreference(p: PreferenceResult, lang: Lang, label: SlotLabel): string {
  const slot = label(p.slotId);
  const rank = rankWord(p.rank, lang);
  const en = lang === 'en';
  switch (p.code) {
    case 'got': return en ? `got ${slot} (${rank})` : `获得 ${slot}（${rank}）`;
    case 'lost_lottery':
      return en
        ? `lost ${slot} (${rank}) in the lottery: ${p.places} of ${p.among} ${tierWord(p.reason, lang)} drawn`
        : `${slot}（${rank}）抽签未中：${p.among} 所${tierWord(p.reason, lang)}抽取 ${p.places} 个名额`;
    case 'lost_priority':
      return en
        ? `${slot} (${rank}) went to ${tierWord(p.winners, lang)} first`
        : `${slot}（${rank}）优先分配给${tierWord(p.winners, lang)}`;
    case 'slot_full': return en ? `${slot} (${rank}) was already full` : `${slot}（${rank}）已满`;
    case 'not_needed': return en ? `${slot} (${rank}) not needed` : `${slot}（${rank}）无需分配`;
    case 'not_reached': return en ? `${slot} (${rank}) not reached` : `${slot}（${rank}）未轮到`;
  }
}

export function wordOutcome(o: Outcome, lang: Lang, label: SlotLabel): string {
  const en = lang === 'en';
  switch (o.code) {
    case 'got': return en ? `Got ${label(o.slotId)} (${rankWord(o.rank, lang)})` : `获得 ${label(o.slotId)}（${rankWord(o.rank, lang)}）`;
    case 'school_cap_reached': return en ? `No place: your school reached its cap of ${o.cap}` : `未获名额：本校已达上限 ${o.cap} 个`;
    case 'district_quota_reached': return en ? `No place: your district reached its quota of ${o.quota}` : `未获名额：所在区已达配额 ${o.quota} 个`;
    case 'not_placed': return en ? 'No place' : '未获名额';
    case 'booking_refused': return en ? `No place: ${label(o.slotId)} could not be booked` : `未获名额：${label(o.slotId)} 无法预订`;
  }
}

/** The whole explanation as one sentence: the outcome, then why each better preference was missed. */
export function wordExplanation(e: Explanation, lang: Lang, label: SlotLabel): string {
  const sep = lang === 'en' ? '; ' : '；';
  const parts = [wordOutcome(e.outcome, lang, label)];
  for (const p of e.preferences) if (p.code !== 'got' && p.code !== 'not_needed') parts.push(wordPreference(p, lang, label));
  if (e.waitlistPosition !== null) parts.push(lang === 'en' ? `waitlist position ${e.waitlistPosition}` : `候补第 ${e.waitlistPosition} 位`);
  return parts.join(sep);
}

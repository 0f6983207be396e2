import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import { systemActor } from '../shared/actor.ts';
import { itemsService } from '../loans/items.service.ts';

/**
 * The lent equipment named one by one (src/loans/): each unit of these pools as an item, at its
 * home. Naming a pool's units leaves its quantity as it is. Idempotent: a pool with items is left alone.
 */
const DEMO_ITEMS: { key: string; zh: string; en: string; home: { zh: string; en: string } }[] = [
  { key: 'telescopes', zh: '望远镜', en: 'Telescope', home: { zh: '北京天文馆器材库', en: 'Planetarium store room' } },
  { key: 'meteorites', zh: '陨石', en: 'Meteorite', home: { zh: '北京天文馆标本柜', en: 'Planetarium specimen cabinet' } },
  { key: 'instruments', zh: '仪器模型', en: 'Instrument model', home: { zh: '北京天文馆展品库', en: 'Planetarium exhibit store' } },
  { key: 'specimens', zh: '标本', en: 'Specimen', home: { zh: '北京自然博物馆标本库', en: 'Museum specimen store' } },
  { key: 'peacocks', zh: '孔雀', en: 'Peacock', home: { zh: '麋鹿苑', en: 'Milu Park' } },
];

export async function seedDemoItems(pool: Pool, clock: Clock, resourceIds: Map<string, number>, quantities: Map<string, number>): Promise<number> {
  const items = itemsService(pool, clock);
  let created = 0;
  for (const d of DEMO_ITEMS) {
    const resourceId = resourceIds.get(d.key);
    if (resourceId === undefined) continue;
    if ((await items.list(systemActor, resourceId)).items.length > 0) continue;
    for (let n = 1; n <= (quantities.get(d.key) ?? 0); n++) {
      await items.create(systemActor, resourceId, {
        label: `${d.zh} ${n}`, labelEn: `${d.en} ${n}`, condition: '', homeLocation: d.home.zh, homeLocationEn: d.home.en, status: 'in_service',
      });
      created++;
    }
  }
  return created;
}

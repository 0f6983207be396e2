import { describe, expect, it } from 'vitest';
import { occurrenceTitle } from '../../src/planner/titles.ts';

const title = { 'zh-CN': '天象厅观测课', en: 'Dome session' };
const g81 = { 'zh-CN': '八年级1班', en: 'Grade 8 class 1' };
const g82 = { 'zh-CN': '八年级2班', en: 'Grade 8 class 2' };

describe('the title of a planned occurrence', () => {
  it.each([
    ['one per class, once', { title, perClass: true, count: 1 }, [g81], 0, '天象厅观测课（八年级1班）', 'Dome session (Grade 8 class 1)'],
    ['one per class, the second of three', { title, perClass: true, count: 3 }, [g81], 1, '天象厅观测课（八年级1班，2/3）', 'Dome session (Grade 8 class 1, 2/3)'],
    ['classes together, weekly', { title, perClass: false, count: undefined }, [g81, g82], 4, '天象厅观测课', 'Dome session'],
    ['for nobody in particular, twice', { title, perClass: false, count: 2 }, [], 0, '天象厅观测课（1/2）', 'Dome session (1/2)'],
  ])('%s', (_name, c, classes, index, zh, en) => {
    expect(occurrenceTitle(c, classes, index)).toEqual({ 'zh-CN': zh, en });
  });
});

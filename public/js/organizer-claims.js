// One claim of a booking — resource, quantity, set-up and tear-down — for the booking form and the editor.
import { el } from './api.js';
import { pick, t } from './i18n.js';
import { field, options } from './organizer-common.js';

/**
 * One claim's controls; `initial` fills them (a duplicate or a timeline selection).
 * @param {any[]} resources
 * @param {number} index
 * @param {() => void} onChange
 * @param {{ resourceId: number, quantity?: number, setupMinutes?: number, teardownMinutes?: number } | null} [initial]
 * @param {string} [prefix] ids of the controls start with it (two forms on one page)
 */
export function claimRow(resources, index, onChange, initial = null, prefix = 'claim') {
  const claimable = resources.filter((r) => r.kind !== 'venue');
  const row = el('fieldset', { class: 'claim-row' },
    el('legend', { class: 'visually-hidden', text: `${t('book.claims')} ${index + 1}` }),
    field(`${prefix}-${index}-resource`, t('book.resource'), el('select', { name: `claims.${index}.resourceId` },
      options(claimable.map((r) => [r.id, `${pick(r.name)}${r.kind === 'equipment' ? ` (${r.quantity})` : ''}`])))),
    field(`${prefix}-${index}-quantity`, t('book.quantity'), el('input', { type: 'number', min: '1', value: '1', name: `claims.${index}.quantity`, inputmode: 'numeric' })),
    field(`${prefix}-${index}-setup`, t('book.setup'), el('input', { type: 'number', min: '0', value: '0', name: `claims.${index}.setupMinutes`, inputmode: 'numeric' })),
    field(`${prefix}-${index}-teardown`, t('book.teardown'), el('input', { type: 'number', min: '0', value: '0', name: `claims.${index}.teardownMinutes`, inputmode: 'numeric' })));
  const remove = el('button', { type: 'button', class: 'secondary', text: t('book.removeClaim') });
  remove.addEventListener('click', () => {
    row.remove();
    onChange();
  });
  row.append(remove);
  if (initial) {
    const set = (suffix, value) => { /** @type {HTMLInputElement} */ (row.querySelector(`[name$=".${suffix}"]`)).value = String(value); };
    set('resourceId', initial.resourceId);
    set('quantity', initial.quantity ?? 1);
    set('setupMinutes', initial.setupMinutes ?? 0);
    set('teardownMinutes', initial.teardownMinutes ?? 0);
  }
  return row;
}


/** The claims the rows in `box` describe, as the API wants them. */
export function readClaims(box) {
  return [...box.querySelectorAll('.claim-row')].map((row) => {
    const get = (suffix) => /** @type {HTMLInputElement} */ (row.querySelector(`[name$=".${suffix}"]`)).value;
    return { resourceId: Number(get('resourceId')), quantity: Number(get('quantity')), setupMinutes: Number(get('setupMinutes')), teardownMinutes: Number(get('teardownMinutes')) };
  });
}

import { Button, Tag } from 'tdesign-react';
import { pick, t } from '../i18n.ts';
import { Field, TextInput } from './controls.tsx';
import type { ClaimDraft, Resource, Unit } from './model.ts';

/** What a resource is called in the list: its name, a pool's quantity, and whose approval it needs. */
export function resourceLabel(r: Resource, organizerUnitId: number, units: Unit[]): string {
  const pool = r.kind === 'equipment' ? ` · ${t('book.pool', { quantity: r.quantity })}` : '';
  const owner = units.find((u) => u.id === r.unitId);
  const approval = r.unitId !== organizerUnitId ? ` · ${owner ? t('book.needsApprovalOf', { unit: pick(owner.name) }) : t('book.needsApproval')}` : '';
  return `${pick(r.name)}${pool}${approval}`;
}

/**
 * The claims of a booking (equipment and staff; the venue has its own field): a row each with the
 * resource, quantity, set-up and tear-down; another unit's resource says it needs that unit's approval.
 */
export function Claims({ claims, resources, units, organizerUnitId, errors, onChange }: {
  claims: ClaimDraft[]; resources: Resource[]; units: Unit[]; organizerUnitId: number; errors: Record<string, string>;
  onChange: (claims: ClaimDraft[]) => void;
}) {
  const claimable = resources.filter((r) => r.kind !== 'venue');
  // The organizer's own unit first, then each other unit's resources under its name.
  const owners = [...new Set(claimable.map((r) => r.unitId))].sort((a, b) => (a === organizerUnitId ? -1 : b === organizerUnitId ? 1 : a - b));
  const set = (key: number, patch: Partial<ClaimDraft>) => onChange(claims.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const add = () => {
    const key = Math.max(0, ...claims.map((c) => c.key + 1));
    onChange([...claims, { key, resourceId: String(claimable[0]?.id ?? ''), quantity: '1', setupMinutes: '0', teardownMinutes: '0' }]);
    requestAnimationFrame(() => document.getElementById(`claim-${claims.length}-resource`)?.focus());
  };
  return (
    <fieldset id="book-claims" className="claims">
      <legend>{t('book.claims')}</legend>
      {claims.length === 0 && <p className="muted">{t('book.noClaims')}</p>}
      {errors.claims && <p className="field-error" id="book-claims-error">{errors.claims}</p>}
      {claims.map((c, i) => {
        const chosen = resources.find((r) => String(r.id) === c.resourceId);
        const foreign = chosen && chosen.unitId !== organizerUnitId;
        const owner = foreign ? units.find((u) => u.id === chosen.unitId) : undefined;
        const err = (name: string) => errors[`claims.${i}.${name}`];
        return (
          <fieldset key={c.key} className="claim-row form-group" data-resource={c.resourceId}>
            <legend className="visually-hidden">{t('book.claimN', { n: i + 1 })}</legend>
            <Field id={`claim-${i}-resource`} label={t('book.resource')} error={err('resourceId')} wide>
              <select id={`claim-${i}-resource`} value={c.resourceId} onChange={(e) => set(c.key, { resourceId: e.target.value })}>
                {owners.map((unitId) => {
                  const unit = units.find((u) => u.id === unitId);
                  return (
                    <optgroup key={unitId} label={unitId === organizerUnitId ? t('book.ownUnit') : pick(unit?.name) || t('book.resource')}>
                      {claimable.filter((r) => r.unitId === unitId).map((r) => <option key={r.id} value={r.id}>{resourceLabel(r, organizerUnitId, units)}</option>)}
                    </optgroup>
                  );
                })}
              </select>
              {foreign && <Tag theme="warning" variant="light" className="needs-approval">{owner ? t('book.needsApprovalOf', { unit: pick(owner.name) }) : t('book.needsApproval')}</Tag>}
            </Field>
            <Field id={`claim-${i}-quantity`} label={t('book.quantity')} error={err('quantity')} {...(chosen?.kind === 'equipment' ? { hint: t('book.pool', { quantity: chosen.quantity }) } : {})}>
              <TextInput id={`claim-${i}-quantity`} type="number" value={c.quantity} onChange={(v) => set(c.key, { quantity: v })} error={err('quantity')} hint={chosen?.kind === 'equipment'} />
            </Field>
            <Field id={`claim-${i}-setup`} label={t('book.setup')} error={err('setupMinutes')}>
              <TextInput id={`claim-${i}-setup`} type="number" value={c.setupMinutes} onChange={(v) => set(c.key, { setupMinutes: v })} error={err('setupMinutes')} />
            </Field>
            <Field id={`claim-${i}-teardown`} label={t('book.teardown')} error={err('teardownMinutes')}>
              <TextInput id={`claim-${i}-teardown`} type="number" value={c.teardownMinutes} onChange={(v) => set(c.key, { teardownMinutes: v })} error={err('teardownMinutes')} />
            </Field>
            <div className="claim-remove">
              <Button variant="outline" theme="default" onClick={() => onChange(claims.filter((x) => x.key !== c.key))}>
                {t('book.removeClaim')}<span className="visually-hidden">：{t('book.claimN', { n: i + 1 })}</span>
              </Button>
            </div>
          </fieldset>
        );
      })}
      <Button variant="outline" id="book-add-claim" onClick={add}>{t('book.addClaim')}</Button>
    </fieldset>
  );
}

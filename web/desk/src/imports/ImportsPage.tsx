import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, Select, Steps, Table, type PrimaryTableCol } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { pick, t, tOr, type Localized } from '../i18n.ts';
import type { paths } from '../../generated/api';
import type { WordKey } from '../words.ts';

type Kind = paths['/api/v1/imports/{kind}/file']['post']['parameters']['path']['kind'];
type Report = paths['/api/v1/imports/{kind}/file']['post']['responses']['200']['content']['application/json'];
type Issue = Report['errors'][number];

const KINDS: Kind[] = ['resources', 'classes', 'calendar-entries', 'activities', 'units'];
/** What the server takes (docs/imports.md): 1 MB. Checked here too, so a big file says so before it uploads. */
const MAX_BYTES = 1_048_576;

/** A problem in the reader's words: by its code when the service refused the row, else by its column. */
export function problemText(issue: Issue): string {
  if (issue.code) return tOr(`problem.${issue.code}`, 'problem.row');
  if (issue.column === '*') return t('problem.row');
  return t('problem.field', { column: columnName(issue.column) });
}
export const columnName = (column: string): string => (column === '*' ? t('imports.wholeRow') : tOr(`column.${column}`, 'column.unknown'));

type Phase = { step: 0 } | { step: 1; report: Report } | { step: 2; report: Report };

export default function ImportsPage({ me }: { me: Me }) {
  const [kind, setKind] = useState<Kind>('resources');
  const [units, setUnits] = useState<{ id: number; name: Localized }[]>([]);
  const [unitId, setUnitId] = useState<number | null>(me.unitId);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 0 });
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (me.role !== 'admin') return;
    api.GET('/api/v1/units', { params: { query: {} } }).then(ok).then((page) => {
      setUnits(page.items.map((u) => ({ id: u.id, name: u.name })));
      setUnitId((current) => current ?? page.items[0]?.id ?? null);
    }, () => setMessage(t('error.generic')));
  }, [me.role]);

  useEffect(() => {
    if (!confirming) return;
    // TDesign's dialog names no role: give assistive technology (and axe) the dialog it is.
    const frame = requestAnimationFrame(() => {
      const box = document.querySelector('.imports-confirm.t-dialog, .imports-confirm .t-dialog');
      box?.setAttribute('role', 'dialog');
      box?.setAttribute('aria-modal', 'true');
      box?.setAttribute('aria-label', t('imports.confirmTitle'));
    });
    return () => cancelAnimationFrame(frame);
  }, [confirming]);

  const kinds = KINDS.filter((k) => k !== 'units' || me.role === 'admin');
  const run = async (apply: boolean): Promise<void> => {
    if (!file || unitId === null) return setMessage(t('imports.noFile'));
    if (file.size > MAX_BYTES) return setMessage(t('imports.tooBig'));
    setBusy(apply ? 'apply' : 'check');
    setMessage(null);
    try {
      const report = ok(await api.POST('/api/v1/imports/{kind}/file', {
        params: { path: { kind }, query: { unitId: String(unitId), apply: apply ? 'true' : 'false' } },
        body: file as unknown as string,
        bodySerializer: (body: unknown) => body as BodyInit,
        headers: { 'Content-Type': 'application/octet-stream' },
      }));
      setPhase(apply && report.applied ? { step: 2, report } : { step: 1, report });
      if (apply && !report.applied) setMessage(t('imports.notApplied'));
    } catch (error) {
      const code = error instanceof ApiProblem ? error.code : undefined;
      setMessage(code === 'payload_too_large' ? t('imports.tooBig') : code === 'undecodable_file' ? t('imports.undecodable') : code === 'forbidden' ? t('problem.forbidden') : t('error.generic'));
    } finally {
      setBusy(null);
    }
  };
  const restart = () => {
    setPhase({ step: 0 });
    setFile(null);
    setMessage(null);
  };
  const columns: PrimaryTableCol<Issue>[] = [
    { colKey: 'line', title: t('imports.col.line'), width: 90, sorter: (a, b) => a.line - b.line, cell: ({ row }) => t('imports.lineN', { line: row.line }) },
    { colKey: 'column', title: t('imports.col.column'), width: 160, cell: ({ row }) => columnName(row.column) },
    { colKey: 'message', title: t('imports.col.problem'), cell: ({ row }) => problemText(row) },
  ];
  const report = phase.step === 0 ? null : phase.report;
  return (
    <div className="imports">
      <h2>{t('imports.title')}</h2>
      <p className="muted">{t('imports.intro')}</p>
      <Steps current={phase.step} readonly className="imports-steps">
        <Steps.StepItem title={t('imports.step.choose')} />
        <Steps.StepItem title={t('imports.step.check')} />
        <Steps.StepItem title={t('imports.step.apply')} />
      </Steps>
      <div className="imports-form">
        <div className="field">
          <label htmlFor="import-kind">{t('imports.kind')}</label>
          <select id="import-kind" value={kind} onChange={(e) => { setKind(e.target.value as Kind); restart(); }}>
            {kinds.map((k) => <option key={k} value={k}>{t(`imports.kind.${k}` as WordKey)}</option>)}
          </select>
        </div>
        {me.role === 'admin' && (
          <div className="field">
            <span className="field-label">{t('imports.unit')}</span>
            <Select value={unitId ?? undefined} onChange={(v) => setUnitId(Number(v))}
              options={units.map((u) => ({ value: u.id, label: pick(u.name) }))} />
          </div>
        )}
        <div className="field">
          <label htmlFor="import-file">{t('imports.file')}</label>
          {/* The browser's own file button speaks the browser's language: a button in the page's words instead. */}
          <div className="file-pick">
            <input id="import-file" className="visually-hidden" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-file-help"
              onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPhase({ step: 0 }); setMessage(null); }} />
            <label htmlFor="import-file" className="file-button" aria-hidden="true">{t('imports.choose')}</label>
            <span className="file-name">{file ? file.name : t('imports.noneChosen')}</span>
          </div>
          <span id="import-file-help" className="muted">{t('imports.fileHelp')}</span>
        </div>
        <div className="buttons">
          <Button theme="primary" loading={busy === 'check'} disabled={!file || busy !== null} onClick={() => void run(false)}>{t('imports.check')}</Button>
          <a className="t-button t-button--variant-outline t-button--theme-primary template-link" href={`/api/v1/imports/${kind}/template.csv`} download>{t('imports.template')}</a>
        </div>
        <p className="muted">{t('imports.templateHelp')}</p>
      </div>
      {message && <div role="alert"><Alert theme="error" message={message} /></div>}
      {report && phase.step === 1 && (
        <div className="imports-report" aria-live="polite">
          {report.errors.length === 0 ? (
            <>
              <Alert theme="success" message={t('imports.ok', { rows: report.rows })} />
              <div className="buttons">
                <Button theme="primary" loading={busy === 'apply'} disabled={busy !== null} onClick={() => setConfirming(true)}>{t('imports.apply')}</Button>
              </div>
            </>
          ) : (
            <>
              <Alert theme="warning" message={t('imports.problems', { rows: report.rows, count: report.errors.length })} />
              <div className="table-scroll">
                <Table<Issue> rowKey="key" data={report.errors.map((e, i) => ({ ...e, key: i }))} columns={columns} size="small" bordered
                  tableLayout="auto" className="imports-problems" />
              </div>
            </>
          )}
        </div>
      )}
      {report && phase.step === 2 && (
        <div className="imports-report">
          <div role="status"><Alert theme="success" message={t('imports.applied', { created: report.created, updated: report.updated })} /></div>
          <div className="buttons"><Button variant="outline" onClick={restart}>{t('imports.another')}</Button></div>
        </div>
      )}
      <Dialog className="imports-confirm" visible={confirming} header={t('imports.confirmTitle')} confirmBtn={t('imports.apply')} cancelBtn={t('imports.cancel')}
        onClose={() => setConfirming(false)} onConfirm={() => { setConfirming(false); void run(true); }}>
        <p>{t('imports.confirmBody', { rows: report?.rows ?? 0, kind: t(`imports.kind.${kind}` as WordKey) })}</p>
      </Dialog>
    </div>
  );
}

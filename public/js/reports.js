// Programme reports (issue 16): period and filters → one section per report, each a chart (Apache
// ECharts, served from node_modules) with a text summary for screen readers, its tables, and exports.
import { dateInput } from './local-inputs.js';
import { api, el } from './api.js';
import { applyI18n, emailKindName, extend, KINDS, lang, pick, t, zoneName } from './i18n.js';
// The words for resource kinds (kind.venue …); email kinds are named by their feature (i18n.js emailKindName).
import './organizer-strings.js';

extend({
  'reports.title': '项目报告', 'reports.period': '时段', 'reports.period.year': '学年', 'reports.period.term': '学期', 'reports.period.month': '月份', 'reports.period.custom': '自定义',
  'reports.year': '学年开始年份', 'reports.month': '月份', 'reports.from': '开始日期', 'reports.to': '结束日期', 'reports.term': '学期', 'reports.class': '班级',
  'reports.show': '查看报告', 'reports.xlsx': '下载 Excel（全部表格）', 'reports.pdf': '下载年度报告 PDF', 'reports.csv': 'CSV：{table}', 'reports.signIn': '请先在组织者页面登录。',
  'reports.chart': '图表：{summary}', 'reports.empty': '此时段没有数据。', 'reports.tableRegion': '表格：{table}',
  'section.delivery': '活动完成情况', 'section.reach': '覆盖人数', 'section.demand': '需求与候补', 'section.utilisation': '场地与器材使用', 'section.commitments': '承诺与完成', 'section.email': '邮件投递',
  'summary.delivery': '共举办 {held} 场，{hours} 小时；取消 {cancelled} 场。', 'summary.reach': '报名 {registrations} 人次，{participants} 位不同参与者，共 {visits} 人次到访；培训教师 {teachers} 位、{trainingHours} 小时。',
  'summary.demand': '已确认 {confirmed}，候补 {waitlisted}。', 'summary.utilisation': '{count} 项资源，平均使用率 {average}%，闲置 {idle} 项。',
  'summary.commitments': '承诺 {committed} 场，已排 {planned}，已完成 {delivered}。', 'summary.email': '已发送 {sent}，失败 {failed}，待发送 {pending}。',
  'chart.utilisation': '使用率（开放时间中被占用的百分比）',
  'col.confirmed': '已确认', 'col.waitlisted': '候补', 'col.committed': '承诺', 'col.planned': '已排', 'col.delivered': '已完成', 'col.sent': '已发送', 'col.failed': '失败', 'col.pending': '待发送', 'col.skipped': '跳过',
  'reason.occurrence_cancelled': '单场取消', 'reason.activity_cancelled': '整个活动取消', 'reports.yes': '是',
}, {
  'reports.title': 'Programme reports', 'reports.period': 'Period', 'reports.period.year': 'School year', 'reports.period.term': 'Term', 'reports.period.month': 'Month', 'reports.period.custom': 'Custom',
  'reports.year': 'School year starting', 'reports.month': 'Month', 'reports.from': 'From', 'reports.to': 'To', 'reports.term': 'Term', 'reports.class': 'Class',
  'reports.show': 'Show report', 'reports.xlsx': 'Download Excel (every table)', 'reports.pdf': 'Download the annual PDF', 'reports.csv': 'CSV: {table}', 'reports.signIn': 'Sign in on the organizer page first.',
  'reports.chart': 'Chart: {summary}', 'reports.empty': 'No data in this period.', 'reports.tableRegion': 'Table: {table}',
  'section.delivery': 'Activities delivered', 'section.reach': 'Reach', 'section.demand': 'Demand and waitlists', 'section.utilisation': 'Venue and pool utilisation', 'section.commitments': 'Committed vs delivered', 'section.email': 'Email health',
  'summary.delivery': '{held} occurrences held, {hours} hours; {cancelled} cancelled.', 'summary.reach': '{registrations} registrations by {participants} unique participants, {visits} visits; {teachers} teachers trained for {trainingHours} hours.',
  'summary.demand': '{confirmed} confirmed, {waitlisted} on waitlists.', 'summary.utilisation': '{count} resources, {average}% used on average, {idle} idle.',
  'summary.commitments': '{committed} committed, {planned} planned, {delivered} delivered.', 'summary.email': '{sent} sent, {failed} failed, {pending} pending.',
  'chart.utilisation': 'Utilisation (% of open hours in use)',
  'col.confirmed': 'Confirmed', 'col.waitlisted': 'Waitlisted', 'col.committed': 'Committed', 'col.planned': 'Planned', 'col.delivered': 'Delivered', 'col.sent': 'Sent', 'col.failed': 'Failed', 'col.pending': 'Pending', 'col.skipped': 'Skipped',
  'reason.occurrence_cancelled': 'Occurrence cancelled', 'reason.activity_cancelled': 'Whole activity cancelled', 'reports.yes': 'Yes',
});

const SECTIONS = ['delivery', 'reach', 'demand', 'utilisation', 'commitments', 'email'];
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
/** @type {any[]} */
const charts = [];
const sum = (rows, key) => rows.reduce((n, r) => n + (Number(r[key]) || 0), 0);
const round = (n) => Math.round(n * 10) / 10;
const kindName = (k) => t(`kind.${k}`);
const show = (v) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? t('reports.yes') : '') : String(v));
/** An instant in the report's zone, e.g. "2026-12-31 23:30". */
const local = (iso, zone) => new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
/** A kind in the reader's language: of an activity, a resource (utilisation) or an email; the code when there are no words for it. */
const codeName = (section, value) => {
  if (section === 'email') return emailKindName(value) === value ? show(value) : emailKindName(value);
  if (KINDS.includes(value)) return kindName(value);
  const key = `kind.${value}`;
  return t(key) === key ? show(value) : t(key);
};
/** A code worded from the dictionary under `prefix`; the code itself when there are no words for it. */
const worded = (prefix, value) => (t(`${prefix}.${value}`) === `${prefix}.${value}` ? show(value) : t(`${prefix}.${value}`));
const cellText = (section, key, value, zone) => (key === 'kind' ? codeName(section, value)
  : key === 'role' || key === 'reason' ? worded(key, value)
    : key.endsWith('At') && typeof value === 'string' ? local(value, zone) : show(value));
/** The columns a reader sees: a name stored in both languages (unitZh / unitEn) shows once, in theirs; ids are never columns. */
const columnsOf = (table) => table.columns.filter((c) => !c.lang || c.lang === lang());

/** The chart of a section: ECharts options and the sentence that says what it shows. */
function chartOf(section, tables) {
  const rows = (name) => tables.find((x) => x.name === name)?.rows ?? [];
  const bar = (labels, series, horizontal = false) => ({
    animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: horizontal ? 140 : 48, right: 16, top: 36, bottom: 40 },
    [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: labels, axisLabel: { interval: 0, width: horizontal ? 130 : 80, overflow: 'truncate' } },
    [horizontal ? 'xAxis' : 'yAxis']: { type: 'value' },
    series: series.map(([name, data]) => ({ type: 'bar', name, data, stack: horizontal ? undefined : 'total' })),
  });
  if (section === 'delivery') {
    const held = rows('held');
    const months = [...new Set(held.map((r) => r.month))].sort();
    const kinds = [...new Set(held.map((r) => r.kind))];
    const series = kinds.map((k) => [kindName(k), months.map((m) => sum(held.filter((r) => r.month === m && r.kind === k), 'held'))]);
    return { option: bar(months, series), summary: t('summary.delivery', { held: sum(held, 'held'), hours: round(sum(held, 'hours')), cancelled: sum(rows('cancelled'), 'occurrences') }) };
  }
  if (section === 'reach') {
    const by = rows('participants');
    const kinds = [...new Set(by.map((r) => r.kind))];
    const total = rows('totals')[0] ?? {};
    return { option: bar(kinds.map(kindName), [[t('section.reach'), kinds.map((k) => sum(by.filter((r) => r.kind === k), 'visits'))]]),
      summary: t('summary.reach', { registrations: total.registrations ?? 0, participants: total.participants ?? 0, visits: total.visits ?? 0, teachers: total.teachersTrained ?? 0, trainingHours: total.trainingHours ?? 0 }) };
  }
  if (section === 'demand') {
    const kinds = rows('kinds');
    return { option: bar(kinds.map((r) => kindName(r.kind)), [[t('col.confirmed'), kinds.map((r) => r.confirmed)], [t('col.waitlisted'), kinds.map((r) => r.waitlisted)]]),
      summary: t('summary.demand', { confirmed: sum(kinds, 'confirmed'), waitlisted: sum(kinds, 'waitlisted') }) };
  }
  if (section === 'utilisation') {
    const res = rows('resources');
    const average = res.length ? round(sum(res, 'utilisation') / res.length) : 0;
    return { option: bar(res.map((r) => (lang() === 'en' ? r.nameEn : r.nameZh)), [[t('chart.utilisation'), res.map((r) => r.utilisation ?? 0)]], true),
      summary: t('summary.utilisation', { count: res.length, average, idle: res.filter((r) => r.idle).length }), height: Math.max(220, 28 * res.length + 60) };
  }
  if (section === 'commitments') {
    const c = rows('commitments');
    const labels = c.map((r) => (lang() === 'en' ? r.titleEn : r.titleZh));
    return { option: { ...bar(labels, [['committed', c.map((r) => r.committed ?? 0)], ['planned', c.map((r) => r.planned)], ['delivered', c.map((r) => r.delivered)]], true), series: ['committed', 'planned', 'delivered'].map((k) => ({ type: 'bar', name: t(`col.${k}`), data: c.map((r) => r[k] ?? 0) })) },
      summary: t('summary.commitments', { committed: sum(c, 'committed'), planned: sum(c, 'planned'), delivered: sum(c, 'delivered') }), height: Math.max(220, 40 * c.length + 60) };
  }
  const d = rows('deliveries');
  return { option: bar(d.map((r) => codeName('email', r.kind)), ['sent', 'failed', 'pending', 'skipped'].map((k) => [t(`col.${k}`), d.map((r) => r[k])])),
    summary: t('summary.email', { sent: sum(d, 'sent'), failed: sum(d, 'failed'), pending: sum(d, 'pending') }) };
}

function tableView(section, table, query, zone) {
  const label = pick(table.title);
  const csv = el('a', { href: `/api/v1/reports/${section}/${table.name}.csv?${query}&lang=${lang()}`, class: 'no-print', text: t('reports.csv', { table: label }) });
  const body = table.rows.length === 0
    ? el('p', { class: 'muted', text: t('reports.empty') })
    : el('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': t('reports.tableRegion', { table: label }) },
      el('table', {},
        el('caption', { text: label }),
        el('thead', {}, el('tr', {}, columnsOf(table).map((c) => el('th', { scope: 'col', text: c[lang()] })))),
        el('tbody', {}, table.rows.map((r) => el('tr', {}, columnsOf(table).map((c) => el('td', { text: cellText(section, c.key, r[c.key], zone) })))))));
  return el('div', { class: 'report-table' }, body, el('p', {}, csv));
}

function sectionView(report, query) {
  const { option, summary, height } = chartOf(report.section, report.tables);
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': t('reports.chart', { summary }), style: `height:${height ?? 260}px` });
  const box = el('section', { class: 'panel report', id: `report-${report.section}`, 'aria-labelledby': `h-${report.section}` },
    el('h2', { id: `h-${report.section}`, text: t(`section.${report.section}`) }),
    el('p', { class: 'summary', text: summary }),
    chart,
    ...report.tables.map((x) => tableView(report.section, x, query, report.period.zone)),
    ...report.notes.map((n) => el('p', { class: 'muted', text: pick(n) })));
  // A chart follows its own box, not only the window: a box that narrows after the first draw (the
  // viewport or the page's language changes while it lays out) would otherwise keep the wider drawing.
  return { box, draw: () => {
    const c = echarts.init(chart, null, { renderer: 'svg' });
    c.setOption(option);
    charts.push(c);
    new ResizeObserver(() => c.resize()).observe(chart);
  } };
}

const field = (id, label, input) => el('div', { class: 'field', id: `${id}-field` }, el('label', { for: id, text: label }), input);
const choice = (id, name, pairs, selected = '') => el('select', { id, name }, pairs.map(([v, text]) => el('option', { value: v, text, selected: v === selected })));
const listOf = (body) => (Array.isArray(body) ? body : body.items ?? []);

async function form() {
  const [units, terms, classes] = await Promise.all([api('/units'), api('/calendar-entries?kind=term'), api('/classes')]);
  const params = new URLSearchParams(location.search);
  const thisYear = new Date().getMonth() >= 8 ? new Date().getFullYear() : new Date().getFullYear() - 1;
  const any = [['', t('filter.any')]];
  const f = el('form', { id: 'report-form', class: 'filters no-print' },
    field('r-period', t('reports.period'), choice('r-period', 'period', ['year', 'term', 'month', 'custom'].map((p) => [p, t(`reports.period.${p}`)]), params.get('period') ?? 'year')),
    field('r-year', t('reports.year'), el('input', { id: 'r-year', name: 'year', type: 'number', min: '2000', max: '2100', value: params.get('year') ?? String(thisYear) })),
    field('r-term', t('reports.term'), choice('r-term', 'term', listOf(terms).map((e) => [String(e.id), pick(e.name)]), params.get('term') ?? '')),
    field('r-month', t('reports.month'), el('input', { id: 'r-month', name: 'month', type: 'month', value: params.get('month') ?? '' })),
    field('r-from', t('reports.from'), dateInput({ id: 'r-from', name: 'from' }, params.get('from') ?? '')),
    field('r-to', t('reports.to'), dateInput({ id: 'r-to', name: 'to' }, params.get('to') ?? '')),
    field('r-unit', t('filter.unit'), choice('r-unit', 'unitId', [...any, ...listOf(units).map((u) => [String(u.id), pick(u.name)])], params.get('unitId') ?? '')),
    field('r-kind', t('filter.kind'), choice('r-kind', 'kind', [...any, ...KINDS.map((k) => [k, kindName(k)])], params.get('kind') ?? '')),
    field('r-grade', t('filter.grade'), choice('r-grade', 'grade', [...any, ...Array.from({ length: 12 }, (_, i) => [String(i + 1), String(i + 1)])], params.get('grade') ?? '')),
    field('r-class', t('reports.class'), choice('r-class', 'classId', [...any, ...listOf(classes).map((c) => [String(c.id), pick(c.name)])], params.get('classId') ?? '')),
    el('div', { class: 'field' }, el('button', { type: 'submit', text: t('reports.show') })));
  const visible = () => {
    const period = /** @type {HTMLSelectElement} */ (f.elements.namedItem('period')).value;
    const shown = { year: ['r-year'], term: ['r-term'], month: ['r-month'], custom: ['r-from', 'r-to'] }[period] ?? [];
    for (const id of ['r-year', 'r-term', 'r-month', 'r-from', 'r-to']) /** @type {HTMLElement} */ (f.querySelector(`#${id}-field`)).hidden = !shown.includes(id);
  };
  f.addEventListener('change', visible);
  visible();
  return f;
}

/** The query of the form: only the period's own fields and the filters given. */
function queryOf(f) {
  const data = new FormData(f);
  const period = String(data.get('period'));
  const keep = { year: ['year'], term: ['term'], month: ['month'], custom: ['from', 'to'] }[period] ?? [];
  const q = new URLSearchParams({ period });
  for (const [key, value] of data) if (value !== '' && (keep.includes(key) || ['unitId', 'kind', 'grade', 'classId'].includes(key))) q.set(key, String(value));
  return q.toString();
}

async function load(f, out) {
  const query = queryOf(f);
  history.replaceState(null, '', `?${query}`);
  out.replaceChildren(el('p', { class: 'loading', text: t('loading') }));
  const reports = await Promise.all(SECTIONS.map((s) => api(`/reports/${s}?${query}`)));
  for (const c of charts.splice(0)) c.dispose();
  const views = reports.map((r) => sectionView(r, query));
  const p = reports[0].period;
  out.replaceChildren(
    el('p', { class: 'zone-note', text: `${p.label} · ${zoneName(p.zone)}` }),
    el('p', { class: 'buttons no-print' },
      el('a', { class: 'button secondary', href: `/api/v1/reports/workbook.xlsx?${query}&lang=${lang()}`, text: t('reports.xlsx') }),
      el('a', { class: 'button secondary', href: `/api/v1/reports/annual.pdf?${query}&lang=${lang()}`, text: t('reports.pdf') })),
    ...views.map((v) => v.box));
  for (const v of views) v.draw();
}

async function start() {
  const me = await api('/auth/session');
  if (!me.signedIn) {
    main.replaceChildren(el('h1', { text: t('reports.title') }), el('p', {}, el('a', { href: '/organizer', text: t('reports.signIn') })));
    return;
  }
  const f = await form();
  const out = el('div', { id: 'reports', 'aria-live': 'polite' });
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    load(f, out).catch(fail);
  });
  main.replaceChildren(el('h1', { text: t('reports.title') }), f, out);
  await load(f, out);
}

function fail(error) {
  main.append(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error instanceof Error ? error.message : String(error) }) }));
}

window.addEventListener('resize', () => { for (const c of charts) c.resize(); });
window.addEventListener('beforeprint', () => { for (const c of charts) c.resize(); });
applyI18n();
start().catch(fail);

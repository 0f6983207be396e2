// Globals the pages' vendor scripts (served from node_modules, see src/web/web.routes.ts) put on window.
import type * as Luxon from 'luxon';

declare global {
  interface Window {
    luxon: typeof Luxon;
  }
  /** FullCalendar's global bundle (no types shipped for the global build). */
  const FullCalendar: any;
  /** Apache ECharts' global bundle (reports page). */
  const echarts: any;
}

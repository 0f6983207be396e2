/** The occurrence reads other features use; occurrences are written by booking/ alone (booking/commands.ts). */
export { isOver, selectOccurrence, selectOccurrences, selectSeriesEnd, seriesEndsAt, type OccurrenceRow } from '../booking/occurrences.queries.ts';

/**
 * A timeline as plain text for the terminal: one line per event, then the numbered sources.
 */
import { formatCitation, numberCitations, refMarks } from './citations.js';
import { displayEventDate, noEventsMessage, truncationNote, type Timeline } from './timeline.js';

export function renderTimelineText(timeline: Timeline, searched: string): string {
  if (timeline.events.length === 0) return noEventsMessage(timeline, searched);
  const { sources, refs } = numberCitations(timeline.events);
  const lines = timeline.events.map((e, i) => `${displayEventDate(e)} — “${e.excerpt ?? e.text}” ${refMarks(refs[i])}`);
  const note = timeline.truncated ? ['', truncationNote(timeline.truncated)] : [];
  return [...lines, ...note, '', 'Sources:', ...sources.map((c, i) => `[${i + 1}] ${formatCitation(c)}`)].join('\n');
}

/**
 * A timeline as plain text for the terminal: one line per event, then the numbered sources.
 */
import { formatCitation, numberCitations, refMarks } from './citations.js';
import { displayEventDate, noEventsMessage, truncationNote, type Timeline } from './timeline.js';

/**
 * `text` in “…”: its own double quote marks become single ones, as a quotation inside a quotation is written, so
 * a sentence that opens with a quote reads “‘When we look…,’ Petro told Xi”, never ““When we look…” Petro told Xi”.
 * A straight quote opens at the start or after a space or bracket, and closes anywhere else.
 */
export function quoted(text: string): string {
  const inner = text
    .replace(/“/g, '‘')
    .replace(/”/g, '’')
    .replace(/"/g, (_, at: number) => (at === 0 || /[\s([{—–…‘]/.test(text[at - 1]) ? '‘' : '’'));
  return `“${inner}”`;
}

export function renderTimelineText(timeline: Timeline, searched: string): string {
  if (timeline.events.length === 0) return noEventsMessage(timeline, searched);
  const { sources, refs } = numberCitations(timeline.events);
  const lines = timeline.events.map((e, i) => `${displayEventDate(e)} — ${quoted(e.excerpt ?? e.text)} ${refMarks(refs[i])}`);
  const note = timeline.truncated ? ['', truncationNote(timeline.truncated)] : [];
  return [...lines, ...note, '', 'Sources:', ...sources.map((c, i) => `[${i + 1}] ${formatCitation(c)}`)].join('\n');
}

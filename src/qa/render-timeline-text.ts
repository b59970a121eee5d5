/**
 * A timeline as plain text for the terminal: one line per event, then the numbered sources.
 */
import { formatCitation } from './render-answer-text.js';
import { displayEventDate, truncationNote, type Timeline } from './timeline.js';

export function renderTimelineText(timeline: Timeline, searched: string): string {
  if (timeline.events.length === 0) return `No dated events found for ${searched}.`;
  const sources: string[] = [];
  const key = (c: { article: string; paragraph: number }) => `${c.article}#${c.paragraph}`;
  const keys: string[] = [];
  const lines = timeline.events.map((e) => {
    const refs = e.citations.map((c) => {
      let i = keys.indexOf(key(c));
      if (i === -1) {
        keys.push(key(c));
        sources.push(formatCitation(c));
        i = keys.length - 1;
      }
      return `[${i + 1}]`;
    });
    return `${displayEventDate(e)} — “${e.text}” ${refs.join('')}`;
  });
  const note = timeline.truncated ? ['', truncationNote(timeline.truncated)] : [];
  return [...lines, ...note, '', 'Sources:', ...sources.map((s, i) => `[${i + 1}] ${s}`)].join('\n');
}

/**
 * An answer as plain text, the way the bot posts it: quotes with their resolved dates, then numbered sources.
 * The CLI prints this; the Discord renderer lays out the same parts as embeds.
 */
import { NOT_FOUND_MESSAGE, type Answer } from './answer.js';
import { formatArticle, formatCitation, numberCitations, quoteNotes, refMarks } from './citations.js';

export function renderAnswerText(answer: Answer): string {
  const lines: string[] = [];
  if (!answer.answered) {
    lines.push(answer.message ?? NOT_FOUND_MESSAGE);
    if (answer.closest.length) {
      lines.push('', 'Closest articles:');
      for (const a of answer.closest) lines.push(`- ${formatArticle(a)}${a.url ? `, ${a.url}` : ''}`);
    }
    return lines.join('\n');
  }
  if (answer.notice) lines.push(answer.notice);
  const { sources, refs } = numberCitations(answer.quotes);
  const notes = quoteNotes(answer);
  answer.quotes.forEach((q, i) => {
    lines.push(`${i + 1}. “${q.text}” ${refMarks(refs[i])}`);
    if (notes[i].length) lines.push(`   (${notes[i].join('; ')})`);
  });
  lines.push('', 'Sources:');
  sources.forEach((c, i) => lines.push(`[${i + 1}] ${formatCitation(c)}`));
  return lines.join('\n');
}

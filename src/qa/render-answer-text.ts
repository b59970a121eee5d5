/**
 * An answer as plain text, the way the bot posts it: quotes with their resolved dates, then numbered sources.
 * The CLI prints this; the Discord renderer lays out the same parts as embeds.
 */
import { displayDate } from '../language/dates.js';
import { EMPTY_CORPUS_MESSAGE, NOT_FOUND_MESSAGE, type Answer } from './answer.js';
import {
  confidenceLine,
  formatAnswerPhrase,
  frontMatterRefs,
  formatArticle,
  formatCitation,
  isUnsure,
  numberCitations,
  quoteNotes,
  refMarks,
  UNSURE_MESSAGE,
} from './citations.js';

/** An answer as plain text, ending with the day it is answered as of (as Discord's footer says it). */
export function renderAnswerText(answer: Answer): string {
  const body = answerLines(answer);
  // An empty corpus has no "as of" to speak of.
  return answer.asOf && answer.message !== EMPTY_CORPUS_MESSAGE ? `${body}\n\n${asOfLine(answer.asOf)}` : body;
}

/** "Answered as of Fri 16 May 2025: nothing published later is quoted." */
export function asOfLine(asOf: string): string {
  return `Answered as of ${displayDate(asOf)}: nothing published later is quoted.`;
}

function answerLines(answer: Answer): string {
  const lines: string[] = [];
  // Misspelt words were read as corpus words: say so first, so a wrong guess is seen.
  if (answer.searched) lines.push(`Searched for: ${answer.searched}`);
  if (!answer.answered) {
    lines.push(answer.message ?? NOT_FOUND_MESSAGE);
    if (answer.closest.length) {
      lines.push('', 'Closest articles:');
      for (const a of answer.closest) lines.push(`- ${formatArticle(a)}${a.url ? `, ${a.url}` : ''}`);
    }
    return lines.join('\n');
  }
  const short = formatAnswerPhrase(answer);
  if (answer.articles) {
    // Answered from the front matter: the answer, then the articles it is read from.
    if (short) lines.push(`Answer: ${short.text}${short.note ? ` (${short.note})` : ''} ${refMarks(frontMatterRefs(answer))}`);
    if (answer.notice) lines.push(answer.notice);
    lines.push('', 'Sources:');
    answer.articles.forEach((a, i) =>
      lines.push(`[${i + 1}] ${formatArticle(a)}${a.authors?.length ? `, by ${a.authors.join(', ')}` : ''}${a.url ? `, ${a.url}` : ''}`),
    );
    return lines.join('\n');
  }
  const { sources, refs } = numberCitations(answer.quotes);
  // A notice that the answer is from another time than asked is read first.
  if (answer.notice) lines.push(answer.notice);
  if (short && answer.answer?.quote !== undefined) {
    lines.push(`Answer: ${short.text}${short.note ? ` (${short.note})` : ''} ${refMarks(refs[answer.answer.quote])}`);
    const confidence = confidenceLine(answer);
    if (confidence) lines.push(confidence);
    lines.push('');
  } else if (isUnsure(answer)) {
    lines.push(UNSURE_MESSAGE, '');
  }
  const notes = quoteNotes(answer);
  answer.quotes.forEach((q, i) => {
    lines.push(`${i + 1}. “${q.text}” ${refMarks(refs[i])}`);
    if (notes[i].length) lines.push(`   (${notes[i].join('; ')})`);
  });
  lines.push('', 'Sources:');
  sources.forEach((c, i) => lines.push(`[${i + 1}] ${formatCitation(c)}`));
  return lines.join('\n');
}

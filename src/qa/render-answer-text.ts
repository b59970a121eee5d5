/**
 * An answer as plain text, the way the bot posts it: quotes with their resolved dates, then numbered sources.
 * The CLI prints this; the Discord renderer lays out the same parts as embeds.
 */
import type { Answer, ArticleRef, Citation } from './answer.js';
import { displayDate } from '../language/dates.js';

/** "China and Colombia deepen ties… — TRT World, 14 May 2025, ¶9, https://…" */
export function formatCitation(c: Citation): string {
  return `${formatArticle(c)}, ¶${c.paragraph}${c.url ? `, ${c.url}` : ''}`;
}

export function formatArticle(a: ArticleRef): string {
  const where = [a.source ?? 'unknown source', a.date ? displayDate(a.date) : 'undated'].join(', ');
  return `${a.title} — ${where}`;
}

/** Sources numbered in order of first use, so folded quotes show every article that reports them. */
export function numberCitations(answer: Answer): { sources: Citation[]; refs: number[][] } {
  const sources: Citation[] = [];
  const key = (c: Citation) => `${c.article}#${c.paragraph}`;
  const refs = answer.quotes.map((q) => q.citations.map((c) => {
    let i = sources.findIndex((s) => key(s) === key(c));
    if (i === -1) i = sources.push(c) - 1;
    return i + 1;
  }));
  return { sources, refs };
}

/** Resolved dates shown next to a quote: "On Monday = Mon 12 May 2025". Dates the text spells out stay as written. */
export function formatQuoteDates(dates: { phrase: string; value: string }[]): string {
  return dates.map((d) => {
    const shown = displayDate(d.value);
    return d.phrase.toLowerCase().includes(shown.toLowerCase()) || d.phrase.replace(/^\D+/, '') === d.value ? d.phrase : `${d.phrase} = ${shown}`;
  }).join('; ');
}

export function renderAnswerText(answer: Answer): string {
  const lines: string[] = [];
  if (!answer.answered) {
    lines.push(answer.message ?? "I couldn't find that in the corpus.");
    if (answer.closest.length) {
      lines.push('', 'Closest articles:');
      for (const a of answer.closest) lines.push(`- ${formatArticle(a)}${a.url ? `, ${a.url}` : ''}`);
    }
    return lines.join('\n');
  }
  const { sources, refs } = numberCitations(answer);
  const newest = answer.quotes.map((q) => q.citation.date ?? '').sort().at(-1) ?? '';
  answer.quotes.forEach((q, i) => {
    const marks = refs[i].map((n) => `[${n}]`).join('');
    lines.push(`${i + 1}. “${q.text}” ${marks}`);
    const notes: string[] = [];
    if (q.dates.length) notes.push(formatQuoteDates(q.dates));
    // An older report is labelled with its date so nobody mistakes it for the current state of things.
    if (i > 0 && q.citation.date && q.citation.date < newest) notes.push(`earlier report, ${displayDate(q.citation.date)}`);
    if (notes.length) lines.push(`   (${notes.join('; ')})`);
  });
  lines.push('', 'Sources:');
  sources.forEach((c, i) => lines.push(`[${i + 1}] ${formatCitation(c)}`));
  return lines.join('\n');
}

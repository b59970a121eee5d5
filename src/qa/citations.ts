/**
 * How answers and timelines cite their articles, in one place for the CLI's text and Discord's embeds: the
 * citation line, source numbering, and the notes shown under a quote.
 */
import { displayDate } from '../language/dates.js';
import type { Answer, ArticleRef, Citation } from './answer.js';
import type { AnswerPhrase } from './answer-phrase.js';

/** "China and Colombia deepen ties… — TRT World, 14 May 2025, ¶9, https://…" */
export function formatCitation(c: Citation): string {
  return `${formatArticle(c)}, ¶${c.paragraph}${c.url ? `, ${c.url}` : ''}`;
}

export function formatArticle(a: ArticleRef): string {
  const where = [a.source ?? 'unknown source', a.date ? displayDate(a.date) : 'undated'].join(', ');
  return `${a.title} — ${where}`;
}

/**
 * What makes two citations one source: the same paragraph of the same article, the article known by its address,
 * else by its title, source and day. The same article added twice (to the shared corpus and by a server, or
 * under two file names) is one source, not two identical lines.
 */
function sourceKey(c: Citation): string {
  const article = c.url ?? `${c.title}\u0000${c.source ?? ''}\u0000${c.date ?? ''}`;
  return `${article}#${c.paragraph}`;
}

/**
 * Sources numbered from 1 in order of first use (one number per article paragraph), and each item's numbers,
 * so folded quotes and merged events show every article that reports them.
 */
export function numberCitations(items: readonly { citations: readonly Citation[] }[]): { sources: Citation[]; refs: number[][] } {
  const sources: Citation[] = [];
  const numbers = new Map<string, number>();
  const refs = items.map((item) =>
    item.citations.map((c) => {
      const key = sourceKey(c);
      let n = numbers.get(key);
      if (n === undefined) {
        n = sources.push(c);
        numbers.set(key, n);
      }
      return n;
    }),
  );
  // An item citing the same source twice (its copies) shows it once.
  for (const [i, r] of refs.entries()) refs[i] = [...new Set(r)];
  return { sources, refs };
}

/** "[1][3]" */
export function refMarks(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join('');
}

/** Resolved dates shown next to a quote: "On Monday = Mon 12 May 2025". Dates the text spells out stay as written. */
export function formatQuoteDates(dates: { phrase: string; value: string }[]): string {
  return dates
    .map((d) => {
      const shown = displayDate(d.value);
      return d.phrase.toLowerCase().includes(shown.toLowerCase()) || d.phrase.replace(/^\D+/, '') === d.value
        ? d.phrase
        : `${d.phrase} = ${shown}`;
    })
    .join('; ');
}

/** The notes under each quote of an answer: its resolved dates, and "earlier report, <date>" when it is older. */
export function quoteNotes(answer: Answer): string[][] {
  const newest =
    answer.quotes
      .map((q) => q.citation.date ?? '')
      .sort()
      .at(-1) ?? '';
  return answer.quotes.map((q, i) => {
    const notes: string[] = [];
    if (q.dates.length) notes.push(formatQuoteDates(q.dates));
    // An older report is labelled with its date so nobody mistakes it for the current state of things.
    if (i > 0 && q.citation.date && q.citation.date < newest) notes.push(`earlier report, ${displayDate(q.citation.date)}`);
    return notes;
  });
}

/**
 * Said above the quotes, instead of an answer, when the best candidate answer is not likely enough to be right
 * to state (qa/confidence.ts): the quotes are shown without a verdict.
 */
export const UNSURE_MESSAGE = 'No short answer I can state with confidence; these are the passages that match the question best:';

/** Whether the answer's short answer is stated: one judged below the confidence threshold is a guess, not said. */
export function isStated(answer: Answer): boolean {
  return !!answer.answer && answer.answer.shown !== false;
}

/** A question that asked for a short answer whose best guess is not stated. */
export function isUnsure(answer: Answer): boolean {
  return !!answer.answer && answer.answer.shown === false;
}

/** "Confidence: 91%": how likely a stated answer is to be right, when it was judged. */
export function confidenceLine(answer: Answer): string | undefined {
  const c = answer.answer?.confidence;
  return isStated(answer) && c !== undefined ? `Confidence: ${Math.round(c * 100)}%` : undefined;
}

/** What a short answer taken from the front matter is. */
const FRONT_MATTER_LABEL: Partial<Record<AnswerPhrase['kind'], string>> = { author: 'authors', published: 'published', source: 'outlets' };

/**
 * The short answer as one line's text, without Markdown: "$9.2 billion", "Mon 12 May 2025" with the note
 * "“Monday”" for a date the quote writes relatively, "three" with "3" for a number in words, "Liz Lee and
 * Ryan Woo" with "authors" for what the front matter says. Undefined when there is none, or it is not stated.
 */
export function formatAnswerPhrase(answer: Answer): { text: string; note?: string } | undefined {
  const phrase = answer.answer;
  if (!phrase || !isStated(answer)) return undefined;
  const label = FRONT_MATTER_LABEL[phrase.kind];
  if (label) return { text: phrase.text, note: label };
  const quote = phrase.quote !== undefined ? answer.quotes[phrase.quote] : undefined;
  const words = quote && phrase.start !== undefined ? quote.text.slice(phrase.start, phrase.end) : undefined;
  if (words && words !== phrase.text) return { text: phrase.text, note: `“${words}”` };
  // A number written in words shows its value: "three (3)", "half a million dollars (500,000)".
  if (phrase.value !== undefined && !/\d/.test(phrase.text)) return { text: phrase.text, note: phrase.value.toLocaleString('en-US') };
  return { text: phrase.text };
}

/** The articles a front-matter answer rests on, by their number in the answer's sources: all outlets, else the first article. */
export function frontMatterRefs(answer: Answer): number[] {
  const n = answer.articles?.length ?? 0;
  return Array.from({ length: answer.answer?.kind === 'source' ? n : Math.min(1, n) }, (_, i) => i + 1);
}

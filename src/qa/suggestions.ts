/**
 * Suggestions for the /ask box: whole things worth asking about, not single words. With an empty box, the
 * questions members asked lately that were answered, then the corpus's main topics; while typing, the topics and
 * questions that hold every word typed so far (misspelt words read as the corpus word they most likely meant,
 * the last word as a prefix): acronyms with their expansion, article titles. Best first, no duplicates.
 */
import { terms } from '../language/analyzer.js';
import type { CorpusIndex } from '../index/news-index.js';
import { correctedTerms } from './question.js';
import { namesIn } from '../language/entities.js';

/** Topics of the corpus, computed once per index. */
const topicCache = new WeakMap<CorpusIndex, Topic[]>();

interface Topic {
  text: string;
  terms: Set<string>;
  /** Higher first: how often the corpus defines an acronym, how recent an article. */
  weight: number;
}

/** Acronyms as "Belt and Road Initiative (BRI)", most defined first; then article titles, newest first. */
function topicsOf(index: CorpusIndex): Topic[] {
  let topics = topicCache.get(index);
  if (topics) return topics;
  topics = [];
  for (const a of index.aliases.toJSON().sort((x, y) => y.count - x.count)) {
    const text = `${a.expansion} (${a.acronym})`;
    topics.push({ text, terms: new Set([...a.expansionTerms, a.acronymTerm]), weight: 1_000_000 + a.count });
  }
  const titles = index.allArticles().map((a, i) => ({ a, day: index.articleDay(i) }));
  titles.sort((x, y) => (y.day || 0) - (x.day || 0));
  const seen = new Set<string>();
  titles.forEach(({ a }, rank) => {
    if (seen.has(a.title)) return;
    seen.add(a.title);
    topics!.push({ text: a.title, terms: new Set(terms(a.title)), weight: -rank });
  });
  topicCache.set(index, topics);
  return topics;
}

/**
 * How many of the typed words a topic holds: a word as itself or, for an acronym the corpus defines, as its
 * expansion ("bri" is held by "… Belt and Road pact"); the word being typed counts as a prefix of either.
 */
function wordsHeld(
  index: CorpusIndex,
  set: ReadonlySet<string>,
  words: readonly string[],
  partial: string | undefined,
  partialAliases: readonly { expansionTerms: string[] }[],
): number {
  const holds = (t: string) => {
    if (set.has(t)) return true;
    const alias = index.aliases.byTerm(t);
    return !!alias && alias.expansionTerms.every((e) => set.has(e));
  };
  let n = words.filter(holds).length;
  if (partial && ([...set].some((t) => t.startsWith(partial)) || partialAliases.some((x) => x.expansionTerms.every((e) => set.has(e)))))
    n++;
  return n;
}

/**
 * Up to `limit` suggestions for what is typed (`recent`: questions lately asked and answered, newest first).
 * Each is a whole question or topic; the caller trims them to Discord's length.
 */
export function suggestQuestions(index: CorpusIndex, typed: string, recent: readonly string[], limit: number): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (out.length < limit && !out.some((x) => x.toLowerCase() === s.toLowerCase())) out.push(s);
  };
  const topics = topicsOf(index);
  if (!typed.trim()) {
    for (const q of recent.slice(0, Math.ceil(limit / 2))) add(q);
    for (const t of topics) add(t.text);
    return out;
  }
  // Questions about the articles themselves ("who wro…" → "Who wrote the Reuters article?"), answered from
  // their front matter, for each source and each acronym the corpus defines.
  for (const q of articleQuestions(index, typed)) add(q);
  // Whole words typed so far, corrected as a question would be; the word being typed is a prefix.
  const endsInWord = /[\p{L}\p{N}]$/u.test(typed);
  const all = correctedTerms(typed, index);
  const partial = endsInWord ? terms(typed.split(/\s+/).at(-1) ?? '')[0] : undefined;
  const words = partial ? all.slice(0, -1) : all;
  const wanted = words.length + (partial ? 1 : 0);
  const partialAliases = partial ? index.aliases.toJSON().filter((x) => x.acronymTerm.startsWith(partial)) : [];
  const held = (set: ReadonlySet<string>) => wordsHeld(index, set, words, partial, partialAliases);
  // Questions asked before that hold every word, then topics by how many words they hold, then their weight.
  for (const q of recent) if (held(new Set(correctedTerms(q, index))) === wanted) add(q);
  const scored = topics
    .map((t) => ({ t, held: held(t.terms) }))
    .filter((x) => x.held > 0)
    .sort((x, y) => y.held - x.held || y.t.weight - x.t.weight);
  for (const { t } of scored) add(t.text);
  return out;
}

/** Named things the corpus speaks of, computed once per index: from titles and first paragraphs, by articles naming them. */
const nameCache = new WeakMap<CorpusIndex, Topic[]>();

function namesOf(index: CorpusIndex): Topic[] {
  let names = nameCache.get(index);
  if (names) return names;
  const articlesNaming = new Map<string, { text: string; articles: Set<number> }>();
  index.allArticles().forEach((a, i) => {
    const lead = a.paragraphCount ? index.paragraph(a.firstParagraph).text.slice(0, 600) : '';
    for (const text of [a.title, lead]) {
      for (const n of namesIn(text)) {
        // A name of two words or more ("Gustavo Petro", "Belt and Road"), or one the lexicon knows ("Colombia").
        if (n.kind === 'unknown' && !/\s/.test(n.text)) continue;
        const key = n.text.toLowerCase();
        const entry = articlesNaming.get(key) ?? { text: n.text, articles: new Set<number>() };
        entry.articles.add(i);
        articlesNaming.set(key, entry);
      }
    }
  });
  names = [...articlesNaming.values()]
    .filter((n) => n.articles.size >= Math.min(2, index.articleCount))
    .map((n) => ({ text: n.text, terms: new Set(terms(n.text)), weight: 1000 + n.articles.size }))
    .filter((n) => n.terms.size > 0);
  nameCache.set(index, names);
  return names;
}

/**
 * Topics for the /timeline box: what a story can be about, never a single common word: acronyms with their
 * expansion, names the corpus mentions in several articles, article titles. What is typed must hold a word that
 * is not a function word ("be" suggests nothing); every topic offered holds all of it.
 */
export function suggestTopics(index: CorpusIndex, typed: string, limit: number): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (out.length < limit && !out.some((x) => x.toLowerCase() === s.toLowerCase())) out.push(s);
  };
  const topics = [
    ...topicsOf(index).filter((t) => t.weight >= 1_000_000),
    ...namesOf(index),
    ...topicsOf(index).filter((t) => t.weight < 1_000_000),
  ];
  if (!typed.trim()) {
    for (const t of [...topics].sort((x, y) => y.weight - x.weight)) add(t.text);
    return out;
  }
  const all = correctedTerms(typed, index);
  const endsInWord = /[\p{L}\p{N}]$/u.test(typed);
  const partial = endsInWord ? terms(typed.split(/\s+/).at(-1) ?? '')[0] : undefined;
  const words = partial ? all.slice(0, -1) : all;
  const wanted = words.length + (partial ? 1 : 0);
  if (wanted === 0) return out;
  const partialAliases = partial ? index.aliases.toJSON().filter((x) => x.acronymTerm.startsWith(partial)) : [];
  const scored = topics
    .map((t) => ({ t, held: wordsHeld(index, t.terms, words, partial, partialAliases) }))
    .filter((x) => x.held === wanted)
    .sort((x, y) => y.t.weight - x.t.weight);
  for (const { t } of scored) add(t.text);
  return out;
}

/** The openings of questions about the articles, and the questions they lead to. */
const ARTICLE_QUESTIONS: { opening: string; about: (index: CorpusIndex) => string[] }[] = [
  {
    opening: 'who wrote ',
    about: (index) => [
      ...sourcesOf(index).map((s) => `Who wrote the ${s} article?`),
      ...index.aliases.toJSON().map((a) => `Who wrote the article about ${a.acronym}?`),
    ],
  },
  { opening: 'when was ', about: (index) => sourcesOf(index).map((s) => `When was the ${s} article published?`) },
];

/** Sources, most articles first. */
function sourcesOf(index: CorpusIndex): string[] {
  const counts = new Map<string, number>();
  for (const a of index.allArticles()) if (a.source) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([s]) => s);
}

/** The article questions that what is typed begins ("who wro"), or begins and narrows ("who wrote the reu"). */
function articleQuestions(index: CorpusIndex, typed: string): string[] {
  const t = typed.trimStart().toLowerCase().replace(/\s+/g, ' ');
  for (const { opening, about } of ARTICLE_QUESTIONS) {
    if (t.length < 5) continue;
    if (opening.startsWith(t) || opening.trimEnd() === t) return about(index);
    if (t.startsWith(opening)) return about(index).filter((q) => q.toLowerCase().startsWith(t));
  }
  return [];
}

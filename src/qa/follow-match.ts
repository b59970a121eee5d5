/**
 * Following a story (/follow): whether a new article is about a topic a server follows, and the sentences that say
 * what it reports about it, read with /ask's own pieces. The topic is analysed as a question is (concepts, an
 * acronym and its expansion as one, synonyms: qa/question.ts), the articles' paragraphs are searched with it by
 * BM25 (`searchParagraphs`, weighted to the new articles alone), and the reader scores the sentences of the
 * paragraphs found and their neighbours (qa/sentence-reading.ts, qa/rank-sentences.ts), as for a question.
 *
 * An article is about the topic, not mentioning it in passing, when the topic is in its headline and its text, or
 * when several of its paragraphs hold the topic and they are a fair share of the article (the constants below,
 * chosen on a week of news-2022: see README, "Following a story"). What is quoted is the reader's best one or two
 * sentences on the topic, in the article's order.
 */
import { terms } from '../language/analyzer.js';
import { aliasForms } from '../language/acronyms.js';
import type { CorpusIndex, ParagraphHit } from '../index/news-index.js';
import { citationOf, type Citation } from './answer.js';
import { analyzeQuestion, type AnalyzedQuestion, type Concept } from './question.js';
import { rankSentences, type ScoredSentence } from './rank-sentences.js';
import { shippedReaderWeights, type ReaderWeights } from './reader.js';
import { inArticle, NEIGHBOUR_CREDIT, type ParagraphVisit } from './retrieve.js';
import { DEFAULT_MIN_COVERAGE, readSentences } from './sentence-reading.js';

/**
 * A paragraph holds the topic when it says its head (the last of its concepts: a surname, the noun a phrase is
 * about: "Musk" of "Elon Musk", "Cup" of "World Cup") or at least this share of its weight (each concept weighed
 * by its IDF, as the reader weighs a question's): "world" alone (0.40 of "World Cup" in news-2022) does not. The
 * whole topic must still be named together once (`TopicEvidence.named`).
 */
export const TOPIC_SHARE = 0.5;
/** Without the topic in its headline, an article is about it when at least this many of its paragraphs hold it… */
export const MIN_TOPIC_PARAGRAPHS = 2;
/** …and they are at least this share of its paragraphs: two mentions in a 40-paragraph feature are in passing. */
export const MIN_TOPIC_PARAGRAPH_SHARE = 0.15;
/**
 * The whole topic is named together when every concept is within this many words of each other (stopwords aside)
 * in one sentence or the headline: "Colombia signed a memorandum to join the Belt and Road Initiative" names
 * "Colombia BRI", "the Cup returns to Denver … the top of the hockey world" does not name "World Cup".
 */
export const NAMED_WITHIN = 8;
/** Sentences quoted per article: the reader's best on the topic, and the next when it scores near it. */
export const QUOTED_SENTENCES = 2;
/** The second sentence is quoted only when it scores at least this share of the best one. */
const SECOND_QUOTE_SHARE = 0.75;
/** Share of a concept's weight a synonym earns (as the reader's SYNONYM_CREDIT). */
const SYNONYM_SHARE = 0.8;
/** Paragraphs of the new articles a search returns at most: enough for every paragraph of a large batch. */
const MAX_HITS = 20_000;

/** An article about a followed topic, as a post shows it. */
export interface TopicMatch {
  /** The article's id (its file name without extension). */
  article: string;
  title: string;
  source: string | null;
  /** Publication date, YYYY-MM-DD. */
  date: string | null;
  url: string | null;
  /** The one or two sentences on the topic, exactly as the article wrote them, in its order. */
  quotes: { text: string; citation: Citation }[];
}

/** How much of an article is about the topic: what the threshold reads (and the bench prints). */
export interface TopicEvidence {
  /** The article's position in the index. */
  position: number;
  /** Its paragraphs that hold the topic, and all its paragraphs. */
  paragraphs: number;
  total: number;
  /** Its headline (title and standfirst) names the whole topic. */
  headline: boolean;
  /** The whole topic is named together at least once (NAMED_WITHIN): "World Cup", not "world" and "Stanley Cup". */
  named: boolean;
  /** About the topic: posted. */
  about: boolean;
  /** What is posted, when it is about the topic and the reader found a sentence to quote. */
  match?: TopicMatch;
}

/** The verdict on counts: the threshold, in one place. */
export function isAbout(e: Pick<TopicEvidence, 'paragraphs' | 'total' | 'headline' | 'named'>): boolean {
  if (!e.named || e.paragraphs === 0) return false;
  if (e.headline) return true;
  return e.paragraphs >= MIN_TOPIC_PARAGRAPHS && e.paragraphs >= MIN_TOPIC_PARAGRAPH_SHARE * e.total;
}

/**
 * The articles at `positions` in `index` that are about `topic`, each with what a post quotes, in the order of
 * `positions`. Articles the topic's words never reach are not read at all.
 */
export function matchTopic(index: CorpusIndex, topic: string, positions: readonly number[], weights?: ReaderWeights): TopicMatch[] {
  return readTopic(index, topic, positions, weights).flatMap((e) => (e.match ? [e.match] : []));
}

/** The evidence for every article at `positions` the topic's search reaches, matched or not (for the bench). */
export function readTopic(index: CorpusIndex, topic: string, positions: readonly number[], weights?: ReaderWeights): TopicEvidence[] {
  if (!positions.length || !terms(topic).length) return [];
  const q = analyzeQuestion(topic, index);
  if (!q.concepts.length) return [];
  const articleWeights = new Float32Array(index.articleCount);
  for (const a of positions) articleWeights[a] = 1;
  const byArticle = new Map<number, ParagraphHit[]>();
  for (const hit of index.searchParagraphs(q.searchTerms, MAX_HITS, articleWeights)) {
    const a = index.paragraph(hit.paragraph).article;
    byArticle.set(a, [...(byArticle.get(a) ?? []), hit]);
  }
  const conceptWeights = weighConcepts(index, q.concepts);
  const reader = weights ?? shippedReaderWeights();
  const out: TopicEvidence[] = [];
  for (const position of positions) {
    const hits = byArticle.get(position);
    if (!hits) continue;
    const counts = measure(index, position, q.concepts, conceptWeights);
    const ranked = readArticle(index, position, hits, q, reader);
    const named = counts.headline || ranked.some((s) => namesTogether(terms(s.text), q.concepts));
    const evidence: TopicEvidence = { position, ...counts, named, about: isAbout({ ...counts, named }) };
    const quotes = evidence.about ? quoteSentences(ranked) : [];
    if (quotes.length) {
      const a = index.article(position);
      evidence.match = {
        article: a.id,
        title: a.title,
        source: a.source ?? null,
        date: a.date ?? null,
        url: a.url ?? null,
        quotes: quotes.map((s) => ({ text: s.text, citation: citationOf(index, s.paragraph) })),
      };
    }
    out.push(evidence);
  }
  return out;
}

/** Each concept's weight: the IDF of its rarest known form, as the reader weighs a question's concepts. */
function weighConcepts(index: CorpusIndex, concepts: readonly Concept[]): number[] {
  const unseen = index.idf('\u0000');
  return concepts.map((c) => {
    const forms = (c.alias ? [...c.terms, c.alias.acronymTerm] : c.terms).filter((t) => index.documentFrequency(t) > 0);
    return forms.length ? Math.max(...forms.map((t) => index.idf(t))) : unseen;
  });
}

/** How well a set of terms holds a concept: 1 in its own words or either form of its acronym, less by a synonym. */
function holds(set: ReadonlySet<string>, c: Concept): number {
  const forms = [c.terms, ...(c.alias ? aliasForms(c.alias) : [])];
  if (forms.some((group) => group.length > 0 && group.every((t) => set.has(t)))) return 1;
  return c.synonyms.some((t) => set.has(t)) ? SYNONYM_SHARE : 0;
}

/** Every concept of the topic within NAMED_WITHIN of a text's terms. */
function namesTogether(words: readonly string[], concepts: readonly Concept[]): boolean {
  if (concepts.length === 1) return holds(new Set(words), concepts[0]) > 0;
  for (let i = 0; i === 0 || i + NAMED_WITHIN <= words.length; i++) {
    const window = new Set(words.slice(i, i + NAMED_WITHIN));
    if (concepts.every((c) => holds(window, c) > 0)) return true;
  }
  return false;
}

/** The article's paragraphs and headline against the topic. */
function measure(
  index: CorpusIndex,
  position: number,
  concepts: readonly Concept[],
  weight: readonly number[],
): Pick<TopicEvidence, 'paragraphs' | 'total' | 'headline'> {
  const total = weight.reduce((a, b) => a + b, 0);
  const share = (set: ReadonlySet<string>) => concepts.reduce((n, c, i) => n + holds(set, c) * weight[i], 0) / total;
  const a = index.article(position);
  let paragraphs = 0;
  const head = concepts[concepts.length - 1];
  for (let p = a.firstParagraph; p < a.firstParagraph + a.paragraphCount; p++) {
    const set = new Set(terms(index.paragraph(p).text));
    if (holds(set, head) > 0 || share(set) >= TOPIC_SHARE) paragraphs++;
  }
  const headline = namesTogether(terms(a.standfirst ? `${a.title} ${a.standfirst}` : a.title), concepts);
  return { paragraphs, total: a.paragraphCount, headline };
}

/** The reader's scores of the sentences of the article's paragraphs the topic's search found, and their neighbours', best first. */
function readArticle(
  index: CorpusIndex,
  position: number,
  hits: readonly ParagraphHit[],
  q: AnalyzedQuestion,
  weights: ReaderWeights,
): ScoredSentence[] {
  const visits: ParagraphVisit[] = [...hits];
  const seen = new Set(hits.map((h) => h.paragraph));
  for (const hit of hits)
    for (const p of [hit.paragraph - 1, hit.paragraph + 1]) {
      if (seen.has(p) || !inArticle(index, p, position)) continue;
      seen.add(p);
      visits.push({ paragraph: p, score: NEIGHBOUR_CREDIT * hit.score, neighbour: true });
    }
  return rankSentences(index, readSentences(index, q, { hits, visits }), weights);
}

/**
 * A line of page furniture rather than reporting: a short label and a colon opening it ("RELATED:", "Correction:",
 * "Hot spot:Inflation is…"), as crawled pages keep between paragraphs; read at the start of a paragraph only.
 */
export function isFurniture(sentence: string): boolean {
  return /^\W*(?:[\p{L}\p{N}'’&-]+ ){0,3}[\p{L}\p{N}'’&-]+:(?!\/\/)/u.test(sentence);
}

/** The reader's best one or two sentences on the topic that /ask would quote, in the article's order. */
function quoteSentences(ranked: readonly ScoredSentence[]): ScoredSentence[] {
  const [best, next] = ranked.filter((s) => s.coverage >= DEFAULT_MIN_COVERAGE && !(s.sentence === 0 && isFurniture(s.text)));
  if (!best) return [];
  const chosen = [best];
  if (QUOTED_SENTENCES > 1 && next && next.score >= best.score - (1 - SECOND_QUOTE_SHARE) * Math.abs(best.score)) chosen.push(next);
  return chosen.sort((x, y) => x.paragraph - y.paragraph || x.sentence - y.sentence);
}

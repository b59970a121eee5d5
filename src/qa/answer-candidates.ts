/**
 * Stage 4 of answering: candidate answers from all the evidence. The short answers of the asked kind are read
 * from the reader's best sentences across articles (not only the quoted ones), those that name the same thing
 * are merged (case and "the", "3" and "three", a date written two ways, a surname and the full name, an acronym
 * and its expansion), and each merged candidate gets the features of its support (qa/candidate-features.ts).
 */
import { matchExpansion, type AliasLookup } from '../language/acronyms.js';
import { dayNumber } from '../language/dates.js';
import { namesIn } from '../language/entities.js';
import { terms } from '../language/analyzer.js';
import type { CorpusIndex } from '../index/news-index.js';
import { phraseScore, type PhraseKind, type PhraseSpan } from './answer-phrase.js';
import {
  candidateFeatures,
  READER_TEMPERATURE,
  type CandidateContext,
  type CandidateFeatureVector,
  type MentionSupport,
} from './candidate-features.js';
import type { PhraseFeatureVector } from './phrase-features.js';
import type { AskedPhrase, ScoredSentence } from './rank-sentences.js';

/** How many of the reader's best sentences (that could be quoted) candidates are read from. */
const CANDIDATE_SENTENCES = 20;

/** One sentence's statement of a candidate. */
export interface CandidateMention {
  sentence: ScoredSentence;
  /** Where it is in the sentence's text. */
  span: PhraseSpan;
  /** The sentence's words it covers. */
  words: string;
  support: MentionSupport;
}

/** A candidate answer: every mention of one thing, merged, with the features of its support. */
export interface AnswerCandidate {
  /**
   * What to show: the words of its best mention, a name in full when a mention or the article gives more of it
   * ("Okafor" → "Ada Okafor"), a relative date as the day it means.
   */
  text: string;
  kind: PhraseKind;
  value?: string | number;
  /** Its mentions, the best first (the sentence's weight × the phrase model's share). */
  mentions: CandidateMention[];
  features: CandidateFeatureVector;
}

/**
 * The candidate answers in the first sentences of `ranked` (the reader's ranking, best first) that cover at
 * least `minCoverage` of the question, in the order they were first read (none when those hold no span of the
 * asked kind), and how many articles those sentences come from.
 */
export function gatherCandidates(
  index: CorpusIndex,
  ranked: readonly ScoredSentence[],
  minCoverage: number,
  asked: AskedPhrase,
  phraseWeights: PhraseFeatureVector,
  asOf?: string,
): { candidates: AnswerCandidate[]; articlesRead: number } {
  const read: ScoredSentence[] = [];
  for (const s of ranked) if (s.coverage >= minCoverage && read.push(s) === CANDIDATE_SENTENCES) break;
  const articlesRead = new Set(read.map((s) => index.paragraph(s.paragraph).article)).size;
  if (!read.length) return { candidates: [], articlesRead };
  // The best score read (for questions about change, the newest report may come first with a lower one).
  const best = Math.max(...read.map((s) => s.score));
  const mentions = readMentions(index, read, best, asked, phraseWeights, { asOf, severalArticles: articlesRead > 1 });
  const context: CandidateContext = {
    totalWeight: read.reduce((a, s) => a + sentenceWeight(s.score - best), 0),
    questionTerms: new Set(terms(asked.question)),
    idf: (t) => index.idf(t),
    maxIdf: index.idf('\u0000'),
  };
  const candidates = mergeMentions(mentions, index.aliases).map((group): AnswerCandidate => {
    group.sort((a, b) => mentionStrength(b) - mentionStrength(a));
    const best = group[0];
    const shown = shownMention(group);
    return {
      text: fullName(index, shown.sentence.paragraph, shown.span.kind, shown.span.shown ?? shown.words),
      kind: best.span.kind,
      ...(best.span.value !== undefined ? { value: best.span.value } : {}),
      mentions: group,
      // Its words as the text writes them: "after six years", not the year it resolves to.
      features: candidateFeatures(
        group.map((m) => m.support),
        terms(shown.words),
        context,
      ),
    };
  });
  return { candidates, articlesRead };
}

/** A sentence's weight from its reader score less the best's. */
function sentenceWeight(gap: number): number {
  return Math.exp(READER_TEMPERATURE * gap);
}

const mentionStrength = (m: CandidateMention) => m.support.weight * m.support.phraseShare;

/** Every span of the asked kind in each sentence, with the phrase model's score and share of its sentence. */
function readMentions(
  index: CorpusIndex,
  read: readonly ScoredSentence[],
  bestScore: number,
  asked: AskedPhrase,
  phraseWeights: PhraseFeatureVector,
  { asOf, severalArticles }: { asOf?: string; severalArticles: boolean },
): CandidateMention[] {
  const now = asOf ? dayNumber(asOf) : undefined;
  const titles = new Map<number, string>();
  const titleOf = (article: number) => {
    let title = titles.get(article);
    if (title === undefined) titles.set(article, (title = ` ${answerTokens(index.article(article).title).join(' ')} `));
    return title;
  };
  const out: CandidateMention[] = [];
  let picked = false;
  read.forEach((sentence, rank) => {
    const spans = asked.spansOf(sentence);
    if (!spans) return;
    const scores = spans.map((w) => phraseScore(w, phraseWeights));
    const top = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - top));
    const sum = exps.reduce((a, b) => a + b, 0);
    const article = index.paragraph(sentence.paragraph).article;
    const day = index.articleDay(article);
    const gap = sentence.score - bestScore;
    // The phrase model's pick in each sentence; in the first that holds a span, the short answer as read before.
    const pick = scores.indexOf(top);
    const lead = !picked;
    picked = true;
    spans.forEach((w, i) => {
      out.push({
        sentence,
        span: w.span,
        words: w.words,
        support: {
          phrase: w.features,
          rank,
          article,
          readerGap: gap,
          weight: sentenceWeight(gap),
          phraseShare: exps[i] / sum,
          phraseScore: scores[i],
          closeness: w.features.closeness,
          nameOfAskedKind: w.features.nameOfAskedKind === 1,
          part: w.features.variant === 1,
          pick: i === pick,
          leadPick: lead && i === pick,
          ...(now !== undefined && !Number.isNaN(day) ? { ageDays: now - day } : {}),
          // A headline says what a story is about among several stories; when every sentence comes from one
          // article, its headline names the topic the question asks about, which is seldom the answer.
          inTitle: severalArticles && inTitle(titleOf(article), w.words),
        },
      });
    });
  });
  return out;
}

/** Whether a headline (its answer tokens, space-padded) holds the words of a span, whole. */
function inTitle(title: string, words: string): boolean {
  const tokens = answerTokens(words);
  return tokens.length > 0 && title.includes(` ${tokens.join(' ')} `);
}

/**
 * SQuAD's normalisation of an answer, as its tokens: lower case, no punctuation, no "a", "an", "the". Two
 * answers with the same tokens are the same answer (and an answer is right when its tokens are a gold's).
 */
export function answerTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\b(?:a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

// The unit a number is of, in one spelling: "$5 million" and "5 million dollars" are both "$", "5 per cent" "%".
const UNIT_SPELLINGS: readonly [RegExp, string][] = [
  [/%|\bper ?cent\b|\bpercentage points?\b/i, '%'],
  [/\$|\bdollars?\b/i, '$'],
  [/€|\beuros?\b/i, '€'],
  [/£|\bpounds?\b/i, '£'],
];
const NUMBER_WORDS =
  /\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|a|an|about|around|roughly|nearly|almost|over|under|more|less|fewer|than|at|least|up|to|some|approximately|estimated|bn|mn|m|k)\b/gi;

/** The unit a number's words give ("three months" → "month", "$5 million" → "$"), "" for a bare number. */
export function numberUnit(words: string): string {
  for (const [pattern, unit] of UNIT_SPELLINGS) if (pattern.test(words)) return unit;
  return terms(words.replace(NUMBER_WORDS, ' ')).join(' ');
}

/**
 * What a span says, as a key two mentions of one thing share: a number by its kind, value and unit ("3" and
 * "three"; not "3 months" and "3 years"), a date by its day, else its words.
 */
export function answerKey(span: PhraseSpan, words: string): string | undefined {
  if (typeof span.value === 'number') return `#${span.kind}:${span.value}:${numberUnit(words)}`;
  if (typeof span.value === 'string' && span.kind === 'date') return `@${span.value}`;
  const tokens = answerTokens(span.shown ?? words);
  return tokens.length ? tokens.join(' ') : undefined;
}

/** The mentions grouped by what they say: the same key, then a surname into its full name and an acronym into its expansion. */
function mergeMentions(mentions: readonly CandidateMention[], aliases: AliasLookup): CandidateMention[][] {
  const groups = new Map<string, CandidateMention[]>();
  for (const m of mentions) {
    const key = answerKey(m.span, m.words);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const into = sameThingAs(
    [...groups].map(([key, group]) => ({ key, kind: group[0].span.kind, words: group[0].words })),
    aliases,
  );
  for (const [from, to] of into) {
    groups.get(to)!.push(...groups.get(from)!);
    groups.delete(from);
  }
  return [...groups.values()];
}

/** "U.S." → "US", "BRI" → "BRI": an acronym's letters; undefined when the words are not one. */
export function acronymOf(words: string): string | undefined {
  const letters = words.replace(/\./g, '');
  return /^\p{Lu}{2,6}$/u.test(letters) ? letters : undefined;
}

/** Whether `name` is what `acronym` abbreviates: every word's initial, minor words aside ("United States" for "US"). */
export function abbreviates(acronym: string, name: string): boolean {
  return name.includes(' ') && matchExpansion(name, acronym) === name;
}

const isName = (words: string) => /^\p{Lu}/u.test(words);

/**
 * Which keys name the same thing as another, as (from → into) pairs: a person's one-word name into the only
 * longer name of a person that ends with it ("petro" → "gustavo petro"), an acronym into the only name it
 * abbreviates (its initials, or the expansion the corpus taught: "bri" → "belt and road initiative").
 * Ambiguous ones stay apart; a place's word is never merged into a longer place ("Korea", "South Korea").
 */
function sameThingAs(groups: readonly { key: string; kind: PhraseKind; words: string }[], aliases: AliasLookup): Map<string, string> {
  const isNumberOrDate = (key: string) => key[0] === '#' || key[0] === '@';
  const longer = groups.filter((g) => !isNumberOrDate(g.key) && g.key.includes(' ') && isName(g.words));
  const into = new Map<string, string>();
  for (const g of groups) {
    if (isNumberOrDate(g.key) || g.key.includes(' ') || !isName(g.words)) continue;
    const acronym = acronymOf(g.words);
    const taught = acronym && aliases.byTerm(acronym.toLowerCase())?.expansion;
    const targets = acronym
      ? longer.filter((l) => abbreviates(acronym, l.words) || (taught && l.key === answerTokens(taught).join(' ')))
      : g.kind === 'person'
        ? longer.filter((l) => l.kind === 'person' && l.key.endsWith(` ${g.key}`))
        : [];
    if (targets.length === 1) into.set(g.key, targets[0].key);
  }
  return into;
}

/**
 * The mention whose words a merged candidate shows: its best, except that a name is shown in full when one of its
 * mentions gives more of it than the best ("Petro" → "Gustavo Petro").
 */
function shownMention(group: readonly CandidateMention[]): CandidateMention {
  const best = group[0];
  const bestKey = answerKey(best.span, best.words);
  if (!bestKey || bestKey.includes(' ') || bestKey[0] === '#' || bestKey[0] === '@' || acronymOf(best.span.shown ?? best.words))
    return best;
  return group.find((m) => answerKey(m.span, m.words)?.includes(' ')) ?? best;
}

/**
 * A person's surname alone ("Okafor and the club have agreed…", in `paragraph`) by the full name its article gave
 * earlier ("Ada Okafor"): the first name of two or more words, in the title or a paragraph up to that one, that
 * ends with it; anything else as it is.
 */
export function fullName(index: CorpusIndex, paragraph: number, kind: PhraseKind, shown: string): string {
  if (kind !== 'person' || !/^\p{Lu}[\p{L}'’-]+$/u.test(shown)) return shown;
  const article = index.article(index.paragraph(paragraph).article);
  const texts = [article.title];
  for (let p = article.firstParagraph; p <= paragraph; p++) texts.push(index.paragraph(p).text);
  for (const t of texts) {
    const full = namesIn(t).find((n) => n.text !== shown && n.text.endsWith(` ${shown}`) && /^\p{Lu}/u.test(n.text));
    if (full) return full.text;
  }
  return shown;
}

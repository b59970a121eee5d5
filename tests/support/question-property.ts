/**
 * The answering core's contract for any question, as a fast-check property: questions built from English
 * words, JavaScript's built-in property names, stop words and random Unicode are answered without throwing,
 * once each, and every quote is text of the article paragraph it cites. Run by tests/question-property.test.ts
 * with a fixed seed, and at length by `npm run bench:fuzz`.
 */
import fc from 'fast-check';
import { STOPWORDS } from '../../src/language/analyzer.js';
import type { NewsIndex } from '../../src/index/news-index.js';
import { answerQuestion, type Answer } from '../../src/qa/answer.js';
import { MAX_QUESTION_LENGTH } from '../../src/qa/question.js';
import { COMMON_ENGLISH_WORDS } from './english-words.js';

/** Every own string-named property of the prototypes any lookup table could inherit from, and "prototype". */
export const BUILT_IN_NAMES: readonly string[] = [
  ...new Set([Object.prototype, Function.prototype, Array.prototype].flatMap((p) => Object.getOwnPropertyNames(p))),
  'prototype',
];

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMMON_ENGLISH_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...BUILT_IN_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...STOPWORDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('Colombia', 'BRI', 'Xi', 'Beijng', 'Petro', '2023', '$9.2 billion', 'Monday') },
);
const capitalised = (w: string) => (w ? w[0].toUpperCase() + w.slice(1) : w);

/** A question: an opening question word or none, then words, some capitalised, then "?" or nothing. */
export const questionArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', 'When did', 'Who', 'Which', 'What is the', 'How many', 'How much', 'Where did', 'Why did', 'Has'),
    fc.array(fc.tuple(word, fc.boolean()), { minLength: 1, maxLength: 12 }),
    fc.constantFrom('?', '', ' ?', '.'),
  )
  .map(([opening, words, end]) => `${opening} ${words.map(([w, cap]) => (cap ? capitalised(w) : w)).join(' ')}${end}`.trim())
  .filter((q) => q.length > 0 && q.length <= MAX_QUESTION_LENGTH && q.trim().length > 0);

/** The question made of each built-in name in place of a word ("Which constructor builds the metro?"). */
export function builtInNameQuestions(): string[] {
  return BUILT_IN_NAMES.flatMap((name) => [`Which ${name} builds the metro?`, `${capitalised(name)} ${name}?`]);
}

/** What is wrong with an answer to `question`, or undefined: quotes must be text of the paragraphs they cite. */
export function answerProblem(index: NewsIndex, answer: Answer): string | undefined {
  if (typeof answer.answered !== 'boolean') return 'no "answered"';
  for (const quote of answer.quotes) {
    for (const citation of quote.citations) {
      const article = index.articles.findIndex((a) => a.id === citation.article);
      if (article === -1) return `cites an article that is not in the index: ${citation.article}`;
      if (citation === quote.citation) {
        const text = index.paragraphText(article, citation.paragraph);
        if (text === undefined) return `cites paragraph ${citation.paragraph} of ${citation.article}, which it does not have`;
        if (!text.includes(quote.text)) return `quote "${quote.text}" is not in ${citation.article} ¶${citation.paragraph}`;
      }
    }
  }
  if (!answer.answered && answer.quotes.length > 0) return 'abstained with quotes';
  return undefined;
}

/** The property, for fc.assert: answering never throws and gives a well-formed answer. */
export function answersAnyQuestion(index: NewsIndex, asOf?: string): fc.IPropertyWithHooks<[string]> {
  return fc.property(questionArbitrary, (question) => {
    const answer = answerQuestion(index, question, asOf ? { asOf } : {});
    const problem = answerProblem(index, answer);
    if (problem) throw new Error(`${JSON.stringify(question)}: ${problem}`);
  });
}

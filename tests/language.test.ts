import { describe, expect, it } from 'vitest';
import { normalizeWord } from '../src/language/analyzer.js';
import { isEnglishWord, spellingVariants } from '../src/language/english.js';
import { lexiconTags } from '../src/language/names.js';
import { learnAcronyms } from '../src/language/acronyms.js';
import { analyzeQuestion } from '../src/qa/question.js';
import { sentenceTexts, splitSentences } from '../src/language/sentences.js';

describe('sentence splitting', () => {
  it('does not split after abbreviations and initials', () => {
    expect(sentenceTexts('The U.S. Army said Mr. Petro met John F. Kennedy Jr. at St. Paul on Jan. 5 in Washington. It was late.')).toEqual(
      ['The U.S. Army said Mr. Petro met John F. Kennedy Jr. at St. Paul on Jan. 5 in Washington.', 'It was late.'],
    );
  });

  it('splits when an abbreviation ends the sentence, and after closing quotes', () => {
    expect(sentenceTexts('He moved to the U.S. The end.')).toEqual(['He moved to the U.S.', 'The end.']);
    expect(sentenceTexts('He said “no.” Then he left.')).toEqual(['He said “no.”', 'Then he left.']);
  });

  it('gives spans that are exact slices of the paragraph', () => {
    const p = 'China elevated ties. It said so.';
    expect(splitSentences(p).map((s) => p.slice(s.start, s.end))).toEqual(['China elevated ties.', 'It said so.']);
  });
});

describe('acronyms learned from the corpus', () => {
  const table = learnAcronyms([
    'Colombia has yet to join the Belt and Road Initiative (BRI), unlike many neighbours.',
    'China Harbour Engineering Company (CHEC) is expected to complete the metro.',
    'BEIJING (AP) - Officials met.',
  ]);

  it('learns expansions whose initials match, and nothing else', () => {
    expect(table.toJSON().map((a) => `${a.acronym}=${a.expansion}`)).toEqual([
      'BRI=Belt and Road Initiative',
      'CHEC=China Harbour Engineering Company',
    ]);
  });

  it('expands questions both ways', () => {
    const vocabulary = { aliases: table, correctSpelling: () => undefined };
    expect(analyzeQuestion('When did Colombia join BRI?', vocabulary).searchTerms).toEqual(expect.arrayContaining(['bri', 'belt', 'road']));
    expect(analyzeQuestion('Who left the Belt and Road Initiative?', vocabulary).searchTerms).toContain('bri');
  });
});

describe('words that are names of JavaScript built-ins', () => {
  it('are ordinary words to the analyzer and the lexicons', () => {
    expect(normalizeWord('constructor')).toBe('constructor');
    expect(normalizeWord('prototype')).toBe('prototyp');
    expect(lexiconTags('constructor')).toEqual([]);
    expect(lexiconTags('bank')).toEqual(['Singular']);
    expect(lexiconTags('__proto__')).toEqual([]);
    expect(lexiconTags('hasOwnProperty')).toEqual([]);
    expect(isEnglishWord('constructor')).toBe(true);
    expect(isEnglishWord('valueOf')).toBe(false);
  });

  it('American and British spellings of a word are variants of each other', () => {
    expect(spellingVariants('labor')).toEqual(['labour']);
    expect(spellingVariants('Centre')).toEqual(['center']);
    expect(spellingVariants('organizing')).toEqual(['organising']);
    expect(spellingVariants('traveled')).toEqual(['travelled']);
    expect(spellingVariants('beijing')).toEqual([]);
  });
});

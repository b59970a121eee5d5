import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AliasTable, containsAlias, learnAcronyms, matchExpansion } from '../src/language/acronyms.js';
import { loadCorpus } from '../src/corpus/directory.js';
import { analyzeQuestion, type Vocabulary } from '../src/qa/question.js';
import { terms } from '../src/language/analyzer.js';

const TEXTS = [
  'Colombia has yet to join Xi’s multi-region infrastructure Belt and Road Initiative (BRI), unlike many of its neighbours.',
  'China Harbour Engineering Company (CHEC) is expected to complete by 2026 two subway lines of the Bogota Metro.',
  'Colombia also awarded its RegioTram light rail system project to China Civil Engineering Construction Corporation (CCECC) in 2019.',
  'WIMBLEDON, England (AP) — The match began at noon.',
  'NEW YORK, May 3 (Reuters) - Stocks rose.',
  'The vote was held (UN) later that day.',
];

describe('learnAcronyms', () => {
  const table = learnAcronyms(TEXTS);

  it('learns "Belt and Road Initiative (BRI)", skipping the minor word "and"', () => {
    expect(table.byTerm('bri')).toMatchObject({
      acronym: 'BRI',
      expansion: 'Belt and Road Initiative',
      expansionTerms: terms('Belt and Road Initiative'),
      count: 1,
    });
  });

  it('learns CHEC = China Harbour Engineering Company and CCECC = China Civil Engineering Construction Corporation', () => {
    expect(table.byTerm('chec')?.expansion).toBe('China Harbour Engineering Company');
    expect(table.byTerm('ccecc')?.expansion).toBe('China Civil Engineering Construction Corporation');
  });

  it('rejects news-agency credits and other parentheses whose initials do not match the words before them', () => {
    expect(table.byTerm('ap')).toBeUndefined();
    expect(table.byTerm('un')).toBeUndefined();
    expect(table.size).toBe(3);
  });

  it('counts repeated definitions', () => {
    const t = learnAcronyms(['The World Health Organization (WHO) said so.', 'Later the World Health Organization (WHO) said more.']);
    expect(t.byTerm('who')).toMatchObject({ expansion: 'World Health Organization', count: 2 });
  });

  it('accepts a plural acronym "(NGOs)"', () => {
    const t = learnAcronyms(['Several Non Governmental Organizations (NGOs) protested.']);
    expect(t.byTerm('ngo')?.expansion).toBe('Non Governmental Organizations');
  });

  it('learns the acronyms the shipped corpus defines', async () => {
    const { articles } = await loadCorpus(path.join(import.meta.dirname, '..', 'corpus'));
    const t = learnAcronyms(articles.flatMap((a) => a.paragraphs.map((p) => p.text)));
    expect(t.byTerm('bri')?.expansion).toBe('Belt and Road Initiative');
    expect(t.byTerm('chec')?.expansion).toBe('China Harbour Engineering Company');
    expect(t.byTerm('ccecc')?.expansion).toBe('China Civil Engineering Construction Corporation');
  });

  it('survives a JSON round trip', () => {
    const copy = AliasTable.fromJSON(JSON.parse(JSON.stringify(table.toJSON())));
    expect(copy.toJSON()).toEqual(table.toJSON());
  });
});

describe('matchExpansion', () => {
  it.each([
    ['the Belt and Road Initiative', 'BRI', 'Belt and Road Initiative'],
    ['awarded to China Harbour Engineering Company', 'CHEC', 'China Harbour Engineering Company'],
    ['WIMBLEDON, England', 'AP', undefined],
    ['the agreement', 'BRI', undefined],
    ['and Road Initiative', 'BRI', undefined],
  ])('%j + (%s) → %j', (before, acronym, expected) => {
    expect(matchExpansion(before, acronym)).toBe(expected);
  });
});

describe('containsAlias', () => {
  const bri = learnAcronyms(TEXTS).byTerm('bri')!;
  it('finds either form of an alias in a set of terms', () => {
    expect(containsAlias(new Set(terms('Colombia joins BRI')), bri)).toBe(true);
    expect(containsAlias(new Set(terms('Colombia joins the Belt and Road')), bri)).toBe(true);
    expect(containsAlias(new Set(terms('Colombia builds a road')), bri)).toBe(false);
  });
});

describe('analyzeQuestion folds corpus acronyms into search terms both ways', () => {
  const vocabulary: Vocabulary = { aliases: learnAcronyms(TEXTS), correctSpelling: () => undefined };
  const beltRoad = terms('Belt and Road Initiative');

  it('"When did Colombia join BRI?" also searches for Belt and Road Initiative', () => {
    const q = analyzeQuestion('When did Colombia join BRI?', vocabulary);
    expect(q.searchTerms).toContain('bri');
    expect(q.searchTerms).toEqual(expect.arrayContaining(beltRoad));
    expect(q.searchTerms).toContain('colombia');
    expect(q.answerType).toBe('date');
    expect(q.concepts.find((c) => c.alias)?.alias?.acronym).toBe('BRI');
  });

  it('"Belt and Road Initiative members" also searches for BRI, as one concept', () => {
    const q = analyzeQuestion('Belt and Road Initiative members', vocabulary);
    expect(q.searchTerms).toContain('bri');
    expect(q.searchTerms).toEqual(expect.arrayContaining(beltRoad));
    const concept = q.concepts.find((c) => c.alias);
    expect(concept?.terms).toEqual(beltRoad);
    expect(concept?.alias?.acronym).toBe('BRI');
  });

  it('"Belt and Road" without "Initiative" still finds the alias', () => {
    const q = analyzeQuestion('Which countries joined the Belt and Road?', vocabulary);
    expect(q.searchTerms).toContain('bri');
  });

  it('"What does CHEC stand for?" searches for the company name and is a definition question', () => {
    const q = analyzeQuestion('What does CHEC stand for?', vocabulary);
    expect(q.answerType).toBe('definition');
    expect(q.searchTerms).toEqual(expect.arrayContaining(['chec', ...terms('China Harbour Engineering Company')]));
  });

  it('without a learned alias, "BRI" is searched for alone', () => {
    const q = analyzeQuestion('When did Colombia join BRI?', { aliases: new AliasTable(), correctSpelling: () => undefined });
    expect(q.searchTerms).toContain('bri');
    expect(q.searchTerms).not.toContain('belt');
  });
});

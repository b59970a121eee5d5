/**
 * The part of a sentence a timeline shows under one of its dates (src/language/clauses.ts): cut at a clause
 * boundary or a word limit, never inside a name, and keeping its verb, so that it still says what happened.
 */
import { describe, expect, it } from 'vitest';
import { clauseAround } from '../src/language/clauses.js';
import { quoted } from '../src/qa/render-timeline-text.js';

/** The excerpt of `sentence` for the date written as `phrase` (its `nth` occurrence, from 0). */
function excerpt(sentence: string, phrase: string, nth = 0): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = sentence.indexOf(phrase, at + 1);
  expect(at, `"${phrase}" in "${sentence}"`).toBeGreaterThanOrEqual(0);
  return clauseAround(sentence, at, at + phrase.length);
}

// The bundled corpus's sentences (corpus/002_… ¶9, corpus/000_… ¶13 and ¶2).
const BELT_AND_ROAD =
  "On Monday Petro said Colombia would join the Belt and Road Initiative launched by Xi in 2013 to recreate the ancient Silk Road and build China's trade and infrastructure links with the world.";
const METRO =
  'China Harbour Engineering Company (CHEC) is expected to complete by 2026 two subway lines of the Bogota Metro, a $4 billion project 30% funded by Chinese banks awarded to the CHEC, Xian Metro Company and Canada’s Bombardier Inc consortium in 2019.';
const UPGRADED =
  'The two countries upgraded their relations, first established in 1980, as Colombian President Gustavo Petro met his Chinese counterpart Xi Jinping on a visit to Beijing this week, his first to the world’s second-largest economy since assuming office last year.';

describe('the clause about a date', () => {
  it('never ends inside a name: "the Belt and Road Initiative" stays whole', () => {
    // Was "On Monday Petro said Colombia would join the Belt…": "and" ended the clause inside the name.
    expect(excerpt(BELT_AND_ROAD, 'On Monday')).toBe('On Monday Petro said Colombia would join the Belt and Road Initiative…');
    expect(excerpt(BELT_AND_ROAD, 'in 2013')).toBe('…join the Belt and Road Initiative launched by Xi in 2013…');
  });

  it('keeps its verb: the consortium was "awarded" the project in 2019', () => {
    // Was "…Xian Metro Company and Canada’s Bombardier Inc consortium in 2019": nothing happened in it.
    expect(excerpt(METRO, 'in 2019')).toBe('…awarded to the CHEC, Xian Metro Company and Canada’s Bombardier Inc consortium in 2019');
    // A parenthesis closed before the date does not open a clause: the subject stays.
    expect(excerpt(METRO, 'by 2026')).toBe(
      'China Harbour Engineering Company (CHEC) is expected to complete by 2026 two subway lines of the Bogota Metro…',
    );
  });

  it('keeps who did it with the verb, and takes a short clause with the one before it', () => {
    // Was "…Chinese counterpart Xi Jinping on a visit to Beijing this week…": the word limit cut "met" off.
    expect(excerpt(UPGRADED, 'this week')).toBe(
      '…Colombian President Gustavo Petro met his Chinese counterpart Xi Jinping on a visit to Beijing this week…',
    );
    // Was "…upgraded their relations, first established in 1980…".
    expect(excerpt(UPGRADED, 'in 1980')).toBe('The two countries upgraded their relations, first established in 1980…');
    expect(excerpt(UPGRADED, 'last year')).toBe('…first to the world’s second-largest economy since assuming office last year');
    const petro =
      'Petro, who took over in August 2022, made his first trip to China as president in October 2023, upgrading to a strategic partnership with two-way ties first established in 1980.';
    // Was "…trip to China as president in October 2023…".
    expect(excerpt(petro, 'in October 2023')).toBe('…made his first trip to China as president in October 2023…');
    expect(excerpt(petro, 'in August 2022')).toBe('…who took over in August 2022…');
  });

  it('is cut neither inside a number nor inside a name with a number in it', () => {
    const port =
      'Shipping lines expect the backlog of 1,200 containers to clear by the end of the month, and the port plans a new terminal in the second quarter.';
    // Was "…200 containers to clear by the end of the month…".
    expect(excerpt(port, 'by the end of the month')).toBe(
      '…lines expect the backlog of 1,200 containers to clear by the end of the month…',
    );
    const g20 =
      'Leaders of the Group of 20 began a two-day summit in Rio de Janeiro on Monday, the first hosted by Brazil since the group was formed in 1999.';
    // Was "…20 began a two-day summit in Rio de Janeiro on Monday…".
    expect(excerpt(g20, 'on Monday')).toBe('…Group of 20 began a two-day summit in Rio de Janeiro on Monday…');
  });

  it('keeps names whole on either side, reaching past the word limit for them', () => {
    const runoff =
      'Brazilians vote on Sunday in a run-off between Luiz Inacio Lula da Silva and Jair Bolsonaro, who won the 2018 election.';
    expect(excerpt(runoff, 'on Sunday')).toBe(
      'Brazilians vote on Sunday in a run-off between Luiz Inacio Lula da Silva and Jair Bolsonaro…',
    );
  });

  it('leaves no stray punctuation at a cut', () => {
    const notreDame = 'Notre-Dame cathedral reopens on Saturday, five years after the fire of April 15, 2019 destroyed its roof.';
    expect(excerpt(notreDame, 'on Saturday')).toBe('Notre-Dame cathedral reopens on Saturday…');
    expect(excerpt(notreDame, 'April 15, 2019')).toBe('…five years after the fire of April 15, 2019 destroyed its roof');
  });
});

describe('a quotation in the timeline text', () => {
  it('writes the quote marks of a sentence that quotes someone as single ones inside the double', () => {
    // Was ““When we look at the trade balance…,” Petro told Xi on Wednesday.”
    expect(
      quoted('“When we look at the trade balance between Colombia and China, we find a great imbalance,” Petro told Xi on Wednesday.'),
    ).toBe('“‘When we look at the trade balance between Colombia and China, we find a great imbalance,’ Petro told Xi on Wednesday.”');
    expect(quoted('Colombia\'s foreign ministry on Wednesday hailed a "historic" deal with China.')).toBe(
      "“Colombia's foreign ministry on Wednesday hailed a ‘historic’ deal with China.”",
    );
    expect(quoted('"Colombia and China signed a plan today," the ministry wrote.')).toBe(
      '“‘Colombia and China signed a plan today,’ the ministry wrote.”',
    );
    expect(quoted('…join the Belt and Road Initiative launched by Xi in 2013…')).toBe(
      '“…join the Belt and Road Initiative launched by Xi in 2013…”',
    );
  });
});

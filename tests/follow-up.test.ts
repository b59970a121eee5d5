/**
 * Follow-up questions (issue 35, qa/follow-up.ts): each rewriting rule on its own, a follow-up that needs no
 * context left exactly as typed and answered byte for byte as when asked alone, and the previous answer's
 * articles preferred a little, never required.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { answerQuestion } from '../src/qa/answer.js';
import {
  answerFollowUp,
  contextOf,
  groupReferent,
  kindOfName,
  personReferent,
  placeReferent,
  questionClause,
  questionNames,
  resolvePronouns,
  rewriteBareFrame,
  rewriteEllipsis,
  rewriteFollowUp,
  standsAlone,
  thingReferent,
  timeReferent,
  withoutOpening,
} from '../src/qa/follow-up.js';
import { FOLLOW_UP_PREFERENCE, preferArticles } from '../src/qa/retrieve.js';

const BRI = 'When did Colombia join the Belt and Road?';
const PRESIDENT = { question: 'Who is the president of Colombia?', answer: { text: 'Gustavo Petro', kind: 'person' } };

describe('the previous question’s names', () => {
  it('joins "Belt and Road" into one name with its "the", and knows a name typed alone', () => {
    expect(questionNames(BRI).map((n) => [n.text, n.kind])).toEqual([
      ['Colombia', 'place'],
      ['the Belt and Road', 'unknown'],
    ]);
    expect(kindOfName('Panama')).toBe('place');
    expect(kindOfName('NATO')).toBe('organization');
    expect(kindOfName('the deals')).toBeUndefined();
  });
});

describe('ellipsis: X in place of the name of the same kind', () => {
  it.each(['And Panama?', 'What about Panama?', 'and what about Panama?', 'Panama?', 'But Panama'])('%s', (f) => {
    expect(rewriteEllipsis(BRI, f)).toBe('When did Panama join the Belt and Road?');
  });
  it('replaces a person by a person, not the first name of the question', () => {
    expect(rewriteEllipsis('When did Xi Jinping meet Gustavo Petro in Beijing?', 'And Ivan Duque?')).toBe(
      'When did Xi Jinping meet Ivan Duque in Beijing?',
    );
  });
  it('"And with China?": the name the previous question wrote after the same preposition', () => {
    expect(rewriteEllipsis('When did Colombia establish ties with the United States?', 'And with China?')).toBe(
      'When did Colombia establish ties with China?',
    );
  });
  it('is no ellipsis: a capitalised word of no known kind, a full question, the same name again', () => {
    expect(rewriteEllipsis(BRI, 'Really?')).toBeUndefined();
    expect(rewriteEllipsis(BRI, 'And when did Panama leave?')).toBeUndefined();
    expect(rewriteEllipsis(BRI, 'And Colombia?')).toBeUndefined();
  });
});

describe('a bare question word or frame: the previous clause under it', () => {
  it('reads the clause from the first auxiliary, what was asked about after it', () => {
    expect(questionClause(BRI)).toBe('did Colombia join the Belt and Road');
    expect(questionClause('How much credit did Xi pledge?')).toBe('did Xi pledge credit');
    expect(questionClause('Who signed it?')).toBeUndefined();
  });
  it.each([
    ['Why?', 'Why did Colombia join the Belt and Road?'],
    ['In what year?', 'In what year did Colombia join the Belt and Road?'],
    ['and where?', 'Where did Colombia join the Belt and Road?'],
    ['How?', 'How did Colombia join the Belt and Road?'],
    ['Against which club?', 'Against which club did Colombia join the Belt and Road?'],
    ['By whom?', 'By whom did Colombia join the Belt and Road?'],
  ])('%s', (f, want) => expect(rewriteBareFrame(BRI, f)).toBe(want));
  it('leaves a question with more than its question word to the other rules', () => {
    expect(rewriteBareFrame(BRI, 'When did he take office?')).toBeUndefined();
  });
});

describe('pronouns', () => {
  it('he/she: the previous answer when a person, else the question’s person', () => {
    expect(personReferent(PRESIDENT)).toBe('Gustavo Petro');
    expect(personReferent({ question: 'When did Petro visit Beijing?' })).toBe('Petro');
    expect(personReferent({ question: BRI })).toBeUndefined();
    expect(resolvePronouns(PRESIDENT, 'When did he take office?')).toBe('When did Gustavo Petro take office?');
    expect(resolvePronouns(PRESIDENT, 'Where did his party win?')).toBe("Where did Gustavo Petro's party win?");
  });
  it('there: in the answer’s place, else the question’s; then: the answer’s date only', () => {
    expect(placeReferent({ question: 'Where did Petro meet Xi?', answer: { text: 'Beijing', kind: 'place' } })).toBe('in Beijing');
    expect(placeReferent({ question: 'When did Petro visit Beijing?' })).toBe('in Beijing');
    expect(timeReferent({ question: 'q', answer: { text: '1980', kind: 'date' } })).toBe('in 1980');
    expect(timeReferent({ question: 'q', answer: { text: 'Mon 12 May 2025', kind: 'date' } })).toBe('on Mon 12 May 2025');
    expect(timeReferent({ question: 'q', answer: { text: 'Beijing', kind: 'place' } })).toBeUndefined();
  });
  it('they: names joined by "and", else a person or organisation answered', () => {
    expect(groupReferent({ question: 'When did China and Colombia establish relations?' })).toBe('China and Colombia');
    expect(groupReferent({ question: 'Which agency reported it?', answer: { text: 'Xinhua', kind: 'organization' } })).toBe('Xinhua');
    expect(groupReferent({ question: 'When did Petro meet Xi Jinping in Beijing?' })).toBe('Petro and Xi Jinping');
  });
  it('it: the subject after an auxiliary, the object elsewhere', () => {
    expect(thingReferent({ question: BRI }, true)).toBe('Colombia');
    expect(thingReferent({ question: BRI }, false)).toBe('the Belt and Road');
    expect(resolvePronouns({ question: BRI }, 'Who launched it?')).toBe('Who launched the Belt and Road?');
    expect(resolvePronouns({ question: BRI }, 'Why did it join?')).toBe('Why did Colombia join?');
    expect(resolvePronouns({ question: 'What did Petro say about the Belt and Road?' }, 'When was it launched?')).toBe(
      'When was the Belt and Road launched?',
    );
  });
  it('it: an organisation answered first; a name used as a modifier with its noun', () => {
    const partner = { question: 'Which company did Codelco choose?', answer: { text: 'SQM', kind: 'organization' } };
    expect(resolvePronouns(partner, 'What will it contribute?')).toBe('What will SQM contribute?');
    expect(resolvePronouns({ question: 'How much is the Uyuni contract worth?' }, 'Who signed it?')).toBe('Who signed the Uyuni contract?');
    expect(resolvePronouns({ question: "How much is Bolivia's contract with Uranium One worth?" }, 'Who signed it?')).toBe(
      'Who signed Uranium One?',
    );
  });
  it('drops the "And" that opened a follow-up once it stands alone', () => {
    expect(withoutOpening('And how long is it?')).toBe('How long is it?');
    expect(
      rewriteFollowUp(
        { question: 'Who did Eastfield sign?', answer: { text: 'Lena Brandt', kind: 'person' } },
        'And how long is her contract?',
      ),
    ).toEqual({
      question: "How long is Lena Brandt's contract?",
      rule: 'pronoun',
      changed: true,
    });
  });
  it('"that" only as the last word; a pronoun with nothing to refer to stays', () => {
    expect(resolvePronouns({ question: BRI }, 'Who said that?')).toBe('Who said the Belt and Road?');
    expect(resolvePronouns({ question: BRI }, 'Is that deal signed?')).toBe('Is that deal signed?');
    expect(rewriteFollowUp({ question: 'What happened?' }, 'When did he leave?')).toEqual({
      question: 'When did he leave?',
      rule: 'unresolved',
      changed: false,
    });
  });
});

describe('rewriteFollowUp', () => {
  it('names the rule that read it', () => {
    expect(rewriteFollowUp({ question: BRI }, 'And Panama?').rule).toBe('ellipsis');
    expect(rewriteFollowUp({ question: BRI }, 'Why?').rule).toBe('frame');
    expect(rewriteFollowUp(PRESIDENT, 'When did he take office?').rule).toBe('pronoun');
  });
  it.each(['When did Colombia join BRI?', 'How much credit did Xi pledge?', 'Who is Gustavo Petro?', '  What did Panama say?  '])(
    'leaves a full question as it is: %s',
    (f) => {
      expect(standsAlone(BRI, f)).toBe(true);
      expect(rewriteFollowUp(PRESIDENT, f)).toEqual({ question: f.trim(), rule: 'standalone', changed: false });
    },
  );
});

describe('answering a follow-up on the seed corpus', () => {
  let index: NewsIndex;
  beforeAll(async () => {
    ({ index } = await buildIndex(new URL('../corpus', import.meta.url).pathname));
  });

  it('answers a follow-up that needs no context byte for byte as the question asked alone', () => {
    const first = answerQuestion(index, BRI, { asOf: '2026-01-01' });
    const context = contextOf(BRI, first);
    expect(context.articles?.length).toBeGreaterThan(0);
    for (const q of ['How much credit did Xi pledge?', 'When were relations between China and Colombia first established?']) {
      const { reading, answer } = answerFollowUp(index, context, q, { asOf: '2026-01-01' });
      expect(reading.changed).toBe(false);
      expect(JSON.stringify(answer)).toBe(JSON.stringify(answerQuestion(index, q, { asOf: '2026-01-01' })));
    }
  });

  it('answers the rewritten question, the previous answer’s articles preferred', () => {
    const previous = 'When did Petro visit Beijing?';
    const first = answerQuestion(index, previous, { asOf: '2026-01-01' });
    const { reading, answer } = answerFollowUp(index, contextOf(previous, first), 'When did he take office?', { asOf: '2026-01-01' });
    expect(reading).toEqual({ question: 'When did Petro take office?', rule: 'pronoun', changed: true });
    expect(answer.question).toBe(reading.question);
    expect(answer.quotes.some((q) => /took over in August 2022|since assuming office/.test(q.text))).toBe(true);
  });

  it('weighs a preferred article FOLLOW_UP_PREFERENCE times more, and ignores an id the index lacks', () => {
    const id = index.article(1).id;
    const weights = preferArticles(index, undefined, [id])!;
    expect(weights[1]).toBeCloseTo(FOLLOW_UP_PREFERENCE);
    expect(weights[0]).toBe(1);
    expect(preferArticles(index, undefined, ['no-such-article'])).toBeUndefined();
  });
});

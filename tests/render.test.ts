import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../src/qa/answer.js';
import {
  recordGoneMessage,
  LIMITS,
  embedLength,
  renderAnswer,
  renderContext,
  renderNotice,
  renderTimelinePage,
  totalEmbedLength,
  renderFollowPost,
  FOLLOW_ARTICLES_LISTED,
  OLDER_COVERAGE_DAYS,
  type FollowedArticle,
} from '../src/discord/render.js';
import type { Timeline } from '../src/qa/timeline.js';

const citation = (i: number): Citation => ({
  article: `article-${i}`,
  title: `A very long headline number ${i} `.repeat(8).trim(),
  source: 'Reuters',
  date: '2025-05-14',
  paragraph: i,
  url: `https://example.com/news/${'x'.repeat(150)}/${i}`,
});

function hugeAnswer(): Answer {
  const sentence = 'Word '.repeat(2000).trim() + '.';
  return {
    question: 'Q'.repeat(300),
    answered: true,
    closest: [],
    quotes: [0, 1, 2].map((i) => ({
      text: sentence,
      dates: [{ phrase: 'On Monday', value: '2025-05-12' }],
      citation: citation(i),
      citations: Array.from({ length: 12 }, (_, k) => citation(i * 12 + k)),
      score: 1,
    })),
  };
}

function checkLimits(embeds: ReturnType<typeof renderAnswer>['embeds']) {
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.EMBEDS_PER_MESSAGE);
  expect(totalEmbedLength(embeds)).toBeLessThanOrEqual(LIMITS.EMBEDS_TOTAL_CHARACTERS);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.EMBED_TITLE);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.EMBED_DESCRIPTION);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.EMBED_FIELDS);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.FIELD_VALUE);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.FOOTER);
  }
}

describe('Discord rendering stays within Discord limits', () => {
  it('keeps a huge answer under 6000 characters in all embeds, cutting quotes on word boundaries', () => {
    const message = renderAnswer(hugeAnswer(), '123');
    checkLimits(message.embeds);
    const description = message.embeds[0].description!;
    expect(description).toMatch(/Word… \[1\]/);
    expect(description).not.toMatch(/Wor…|Wo…/);
    expect(message.allowedMentions).toEqual({ parse: [] });
  });

  it('keeps a huge answer with an as-of day and a window notice within the limits, the notice first and the day in the footer', () => {
    const answer = { ...hugeAnswer(), asOf: '2025-05-16', notice: 'Nothing from this week; the latest report is from Wed 14 May 2025:' };
    const { embeds } = renderAnswer(answer, 'id1');
    checkLimits(embeds);
    expect(embeds[0].description!.startsWith('**Nothing from this week; the latest report is from Wed 14 May 2025:**\n\n> ')).toBe(true);
    expect(embeds[0].footer!.text).toMatch(/^Answered as of Fri 16 May 2025: nothing published later is quoted\./);
  });

  it('keeps a huge answer with a short answer within the limits: the answer line first, bold kept in a quote cut after it', () => {
    const base = hugeAnswer();
    const long = 'Word '.repeat(3000).trim() + '.';
    const answer: Answer = {
      ...base,
      answer: { text: 'Word', kind: 'thing', quote: 0, start: 5, end: 9 },
      quotes: base.quotes.map((q) => ({ ...q, text: long })),
    };
    const { embeds } = renderAnswer(answer, 'id2');
    checkLimits(embeds);
    const [lead, first] = embeds[0].description!.split('\n\n');
    expect(lead).toBe(`**Word** ${Array.from({ length: 12 }, (_, i) => `[${i + 1}]`).join('')}`);
    expect(first.startsWith('> Word **Word** Word')).toBe(true);
    // Cut far past the phrase, on a word boundary: the bold stays closed.
    expect(first.match(/\*\*/g)).toHaveLength(2);
    // A phrase beyond the cut is shown unbolded rather than half-bolded.
    const late = renderAnswer({ ...answer, answer: { ...answer.answer!, start: long.length - 5, end: long.length - 1 } }, 'id3');
    expect(late.embeds[0].description!.split('\n\n')[1]).not.toContain('**');
  });

  it('explains resolved dates in the footer only when a quote shows one', () => {
    const quote = {
      text: 'It opened in 2019.',
      dates: [{ phrase: 'in 2019', value: '2019' }],
      citation: citation(1),
      citations: [citation(1)],
      score: 1,
    };
    const plain = renderAnswer({ question: 'When?', answered: true, closest: [], quotes: [quote] }, '1').embeds[0].footer!.text;
    expect(plain).toBe('Quotes are exact sentences from the articles.');
    const relative = { ...quote, text: 'It opened on Monday.', dates: [{ phrase: 'on Monday', value: '2025-05-12' }] };
    const withDay = renderAnswer({ question: 'When?', answered: true, closest: [], quotes: [relative] }, '1').embeds[0].footer!.text;
    expect(withDay).toContain('A date after “=” is the day');
  });

  it('escapes Markdown and never lets a quote ping', () => {
    const answer: Answer = {
      question: 'Who?',
      answered: true,
      closest: [],
      quotes: [{ text: '@everyone **bold** <@123> _x_', dates: [], citation: citation(1), citations: [citation(1)], score: 1 }],
    };
    const message = renderAnswer(answer, '1');
    expect(message.embeds[0].description).toContain('\\*\\*bold\\*\\*');
    expect(message.allowedMentions).toEqual({ parse: [] });
  });

  it('renders abstention with the closest articles and only a 👎 button', () => {
    const message = renderAnswer(
      { question: 'Who won?', answered: false, quotes: [], closest: [citation(1)], message: "I couldn't find that in the corpus." },
      '1',
    );
    expect(message.embeds[0].description).toContain("I couldn't find that in the corpus.");
    expect(message.embeds[0].description).toContain('Closest articles');
    expect(message.components.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')))).toEqual(['vote:1:down']);
  });

  it('fits the context of many long paragraphs into one message', () => {
    const message = renderContext(
      Array.from({ length: 14 }, (_, i) => ({ heading: `Heading ${i}`, text: 'long '.repeat(3000), url: null })),
    );
    checkLimits(message.embeds);
    expect(message.embeds.length).toBeGreaterThan(0);
  });

  it('pages a long timeline within limits, every page listing the sources it cites', () => {
    const timeline: Timeline = {
      events: Array.from({ length: 40 }, (_, i) => ({
        date: `20${String(10 + (i % 15)).padStart(2, '0')}`,
        granularity: 'year' as const,
        phrase: 'in 2010',
        text: 'A long sentence about the events of that year. '.repeat(20),
        future: false,
        citations: [citation(i)],
      })),
    };
    const first = renderTimelinePage(timeline, 0, 't1', 'topic');
    const last = renderTimelinePage(timeline, 99, 't1', 'topic');
    for (const m of [first, last]) checkLimits(m.embeds);
    expect(first.embeds[0].footer?.text).toBe('Page 1 of 5 · 40 events');
    expect(last.embeds[0].footer?.text).toBe('Page 5 of 5 · 40 events');
    expect(last.embeds[0].fields?.[0].name).toBe('Sources');
    for (let p = 0; p < 5; p++) {
      const page = renderTimelinePage(timeline, p, 't1', 'topic');
      checkLimits(page.embeds);
      // Each event cites its own article: page p cites [8p+1]…[8p+8], and lists exactly those.
      const listed = (page.embeds[0].fields ?? []).flatMap((f) => [...f.value.matchAll(/^\*\*\[(\d+)\]\*\*/gm)].map((m) => Number(m[1])));
      expect(listed).toEqual(Array.from({ length: 8 }, (_, k) => 8 * p + k + 1));
    }
    const [prev, next] = first.components[0].components;
    expect(prev).toMatchObject({ custom_id: 'tl:t1:-1', disabled: true });
    expect(next).toMatchObject({ custom_id: 'tl:t1:1', disabled: false });
    expect(embedLength(last.embeds[0])).toBeLessThanOrEqual(LIMITS.EMBEDS_TOTAL_CHARACTERS);
  });
});

describe('Discord rendering never pings', () => {
  /** Article text with every kind of mention and Markdown, and how members must see it (written out, not computed). */
  const HOSTILE = 'On Tuesday @everyone and @here, <@123456789012345678> and <@&123456789012345678> saw *bold* _it_ in `code`.';
  const SHOWN = 'On Tuesday @everyone and @here, <@123456789012345678> and <@&123456789012345678> saw \\*bold\\* \\_it\\_ in \\`code\\`.';
  const quote = {
    text: HOSTILE,
    dates: [{ phrase: 'On Tuesday', value: '2025-05-13' }],
    citation: citation(1),
    citations: [citation(1)],
    score: 1,
  };
  const timeline: Timeline = {
    events: [
      { date: '2025-05-13', granularity: 'day' as const, phrase: 'On Tuesday', text: HOSTILE, future: false, citations: [citation(1)] },
    ],
  };

  it('sets allowed mentions to none on every kind of message', () => {
    const payloads = {
      answer: renderAnswer({ question: 'Who?', answered: true, closest: [], quotes: [quote] }, '1'),
      abstention: renderAnswer({ question: 'Who?', answered: false, quotes: [], closest: [citation(1)] }, '1'),
      context: renderContext([{ heading: 'h', text: HOSTILE, url: null }]),
      timeline: renderTimelinePage(timeline, 0, 't', 'topic'),
      emptyTimeline: renderTimelinePage({ events: [] }, 0, 't', '@everyone'),
      notice: renderNotice('@everyone <@123456789012345678>'),
    };
    for (const [kind, payload] of Object.entries(payloads)) expect(payload.allowedMentions, kind).toEqual({ parse: [] });
  });

  it('shows a quote as written, Markdown escaped, in the answer, the context and the timeline, and never in content', () => {
    const answer = renderAnswer({ question: 'Who?', answered: true, closest: [], quotes: [quote] }, '1');
    expect(answer.embeds[0].description).toBe(`> ${SHOWN} [1]\n-# On Tuesday = Tue 13 May 2025`);
    expect(answer.content).toBeUndefined();
    const context = renderContext([{ heading: 'h', text: HOSTILE, url: null }]);
    expect(context.embeds[0].description).toBe(SHOWN);
    expect(context.content).toBeUndefined();
    const page = renderTimelinePage(timeline, 0, 't', 'topic');
    expect(page.embeds[0].description).toBe(`**Tue 13 May 2025** — ${SHOWN} [1]`);
    expect(page.content).toBeUndefined();
  });
});

describe('buttons of answers that are no longer kept', () => {
  // Discord's snowflake of 2026-12-06, as the interaction id an answer is kept under.
  const id = '1579271546403291142';
  const day = 86_400_000;
  const given = Date.UTC(2026, 11, 6, 23, 1);

  it('say the retention passed, in the words of what the button was for', () => {
    expect(recordGoneMessage('answer', id, 90, given + 91 * day)).toBe(
      'This answer is more than 90 days old, and answers are kept for 90 days only, so its context and buttons are gone; ask again.',
    );
    expect(recordGoneMessage('timeline', id, 90, given + 91 * day)).toBe(
      'This timeline is more than 90 days old, and timelines are kept for 90 days only, so it can no longer be paged; run /timeline again.',
    );
  });

  it('do not blame the age of a recent one that is missing', () => {
    expect(recordGoneMessage('answer', id, 90, given + day)).toBe(
      'This answer is no longer kept, so its context and buttons are gone; ask again.',
    );
    expect(recordGoneMessage('answer', 'not-a-snowflake', 90)).toBe(
      'This answer is no longer kept, so its context and buttons are gone; ask again.',
    );
  });
});

describe('a followed topic’s post', () => {
  const followed = (i: number, date = '2025-05-14', arrived = '2025-05-15'): FollowedArticle => ({
    match: {
      article: `article-${i}`,
      title: `Lithium story *${i}* ${'with a long headline '.repeat(12)}`,
      source: 'Reuters',
      date,
      url: `https://example.com/news/${'x'.repeat(150)}/${i}`,
      quotes: [1, 2].map((p) => ({
        text: `@everyone lithium ${'sentence '.repeat(300)}[link](https://evil.example) ${p}.`,
        citation: { ...citation(i), paragraph: p },
      })),
    },
    arrivedMs: Date.parse(`${arrived}T12:00:00Z`),
  });

  it('lists five articles of a batch, names the rest, and stays within Discord limits', () => {
    const post = renderFollowPost(
      'lithium',
      [1, 2, 3, 4, 5, 6, 7].map((i) => followed(i)),
    );
    const [embed] = post.embeds;
    expect(embed.title).toBe('📌 lithium: 7 new articles');
    expect(embed.description!.match(/^\*\*\[Lithium story/gm)).toHaveLength(FOLLOW_ARTICLES_LISTED);
    expect(embed.description).toMatch(/\n\n…and 2 more: Lithium story \\\*[67]\\\*/);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.EMBED_DESCRIPTION);
    expect(totalEmbedLength(post.embeds)).toBeLessThanOrEqual(LIMITS.EMBEDS_TOTAL_CHARACTERS);
    expect(embed.fields![0].value.length).toBeLessThanOrEqual(LIMITS.FIELD_VALUE);
    // The article's Markdown is shown as written, never as Markdown; nothing can ping.
    expect(embed.description).not.toContain('](https://evil.example)');
    expect(post.allowedMentions).toEqual({ parse: [] });
    expect(post.components[0].components[0]).toMatchObject({ custom_id: 'ftl:lithium', label: 'Timeline' });
  });

  it('marks an article dated more than a few days before it arrived as older coverage, newest first', () => {
    const post = renderFollowPost('lithium', [followed(1, '2025-05-10', '2025-05-15'), followed(2, '2025-05-13', '2025-05-15')]);
    const description = post.embeds[0].description!;
    expect(OLDER_COVERAGE_DAYS).toBe(3);
    expect(description.indexOf('story \\*2\\*')).toBeLessThan(description.indexOf('story \\*1\\*'));
    expect(description.match(/-# Older coverage: published Sat 10 May 2025, it arrived here Thu 15 May 2025\./g)).toHaveLength(1);
  });

  it('keeps a long topic’s Timeline button within Discord’s custom id length', () => {
    const post = renderFollowPost('t'.repeat(120), [followed(1)]);
    expect((post.components[0].components[0] as { custom_id: string }).custom_id).toHaveLength(LIMITS.CUSTOM_ID);
  });
});

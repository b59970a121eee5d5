/**
 * Following a story (qa/follow-match.ts) on a corpus written here: an article about the topic is matched and
 * quoted, a long article that names it once in passing is not, "World Cup" is not "world" and "Stanley Cup", an
 * acronym matches its expansion, only the articles asked about are read, and page furniture is never quoted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { isAbout, isFurniture, matchTopic, readTopic } from '../src/qa/follow-match.js';

const ARTICLES: Record<string, { title: string; date: string; paragraphs: string[] }> = {
  'bolivia-lithium': {
    title: 'Bolivia signs lithium deal with Chinese consortium',
    date: '2025-06-02',
    paragraphs: [
      'Bolivia signed a $1.4 billion agreement with a Chinese consortium on Monday to build two lithium extraction plants in the Uyuni salt flat.',
      'The plants will use direct lithium extraction and should produce 25,000 tonnes of lithium carbonate a year from 2027, the energy ministry said.',
      'Opposition lawmakers said the contract must still be approved by Congress.',
    ],
  },
  'cup-final': {
    title: 'Riverside win the league final after extra time',
    date: '2025-06-01',
    paragraphs: [
      'Riverside won the league final on Sunday, beating Northgate 3-2 after extra time in front of a sold-out stadium.',
      'Northgate took the lead after ten minutes when their captain headed in a corner at the near post.',
      'Riverside equalised before half-time through a long-range shot that deflected off a defender.',
      'The second half was tense, with both goalkeepers making several saves from close range.',
      'Northgate went ahead again with fifteen minutes left after a quick counter-attack down the left wing.',
      'Riverside pulled level in stoppage time when their substitute striker scored from a rebound.',
      'In extra time the home side pressed high and forced a series of corners.',
      'The winning goal came from a free kick that curled over the wall and into the top corner.',
      "Riverside's shirt sponsor, a battery maker that owns a lithium mine in Chile, paid for the fans' buses.",
      'Thousands of supporters celebrated in the city centre until late into the night.',
      'The coach said his players had shown great character after going behind twice.',
      'Northgate will now play in a qualifying round before the new season begins in August.',
      'Riverside captain Tom Reyes lifted the trophy for the third time in five years.',
      'Ticket prices for next season will rise by five percent, the club said on Monday.',
      'The stadium will be renovated over the summer, with a new roof over the east stand.',
      'Both clubs are expected to be busy in the transfer window, which opens next week.',
    ],
  },
  'stanley-cup': {
    title: 'Avalanche lift the Stanley Cup',
    date: '2025-06-03',
    paragraphs: [
      'The Colorado Avalanche won the Stanley Cup on Tuesday, beating Tampa Bay 2-1 in game six.',
      'The Cup returns to Denver, a city that has longed to be back at the top of the hockey world.',
      "Their goaltender was named the playoffs' most valuable player after a world-class series.",
    ],
  },
  'world-cup': {
    title: 'Host cities named for the next World Cup',
    date: '2025-06-04',
    paragraphs: [
      'FIFA named the sixteen host cities of the next World Cup on Thursday, eleven of them in the United States.',
      'The final of the World Cup will be played in New Jersey, FIFA said.',
      'Mexico City will stage the opening match of the tournament.',
    ],
  },
  'colombia-bri': {
    title: "Colombia joins China's Belt and Road Initiative",
    date: '2025-05-14',
    paragraphs: [
      'Colombia signed a memorandum on Wednesday to join the Belt and Road Initiative (BRI), China’s global infrastructure programme.',
      'President Gustavo Petro signed it during a state visit to Beijing.',
    ],
  },
};

let dir: string;
let index: NewsIndex;
const all = () => index.articles.map((_, i) => i);
const positionOf = (id: string) => index.articles.findIndex((a) => a.id === id);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'follow-match-'));
  for (const [id, a] of Object.entries(ARTICLES))
    writeFileSync(
      path.join(dir, `${id}.md`),
      `---\ntitle: ${JSON.stringify(a.title)}\nsource: Test Wire\ndate: ${a.date}\nurl: https://news.example.org/${id}\n---\n\n${a.paragraphs.join('\n\n')}\n`,
    );
  index = (await buildIndex(dir, { threads: 1 })).index;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('matching a followed topic', () => {
  it('matches the article about the topic and quotes its sentences on it, with a citation; never one that names it in passing', () => {
    const matches = matchTopic(index, 'lithium', all());
    expect(matches.map((m) => m.article)).toEqual(['bolivia-lithium']);
    const [m] = matches;
    expect(m).toMatchObject({
      title: 'Bolivia signs lithium deal with Chinese consortium',
      source: 'Test Wire',
      date: '2025-06-02',
      url: 'https://news.example.org/bolivia-lithium',
    });
    expect(m.quotes.length).toBeGreaterThanOrEqual(1);
    expect(m.quotes.length).toBeLessThanOrEqual(2);
    expect(m.quotes[0].text).toContain('lithium');
    expect(ARTICLES['bolivia-lithium'].paragraphs.some((p) => p.includes(m.quotes[0].text))).toBe(true);
    expect(m.quotes[0].citation).toMatchObject({ article: 'bolivia-lithium', title: m.title });
    // The football final names lithium once in 16 paragraphs: read, and left out.
    const passing = readTopic(index, 'lithium', all()).find((e) => e.position === positionOf('cup-final'))!;
    expect(passing).toMatchObject({ paragraphs: 1, total: 16, headline: false, named: true, about: false });
    expect(passing.match).toBeUndefined();
  });

  it('reads only the articles given: the new ones', () => {
    expect(matchTopic(index, 'lithium', [positionOf('cup-final'), positionOf('world-cup')])).toEqual([]);
    expect(matchTopic(index, 'lithium', [positionOf('bolivia-lithium')]).map((m) => m.article)).toEqual(['bolivia-lithium']);
    expect(matchTopic(index, 'lithium', [])).toEqual([]);
  });

  it('"World Cup" is the World Cup, not "world" beside the Stanley Cup', () => {
    expect(matchTopic(index, 'World Cup', all()).map((m) => m.article)).toEqual(['world-cup']);
    const stanley = readTopic(index, 'World Cup', all()).find((e) => e.position === positionOf('stanley-cup'));
    expect(stanley?.named).toBe(false);
  });

  it('an acronym follows its expansion, as /ask reads it', () => {
    expect(matchTopic(index, 'BRI', all()).map((m) => m.article)).toEqual(['colombia-bri']);
    expect(matchTopic(index, 'Colombia BRI', all()).map((m) => m.article)).toEqual(['colombia-bri']);
  });

  it('a topic of stopwords alone, or one no article holds, matches nothing', () => {
    expect(matchTopic(index, 'the of and', all())).toEqual([]);
    expect(matchTopic(index, 'cobalt', all())).toEqual([]);
  });

  it('the threshold: the whole topic named once, then its headline or a fair share of its paragraphs', () => {
    expect(isAbout({ named: true, headline: true, paragraphs: 1, total: 40 })).toBe(true);
    expect(isAbout({ named: true, headline: false, paragraphs: 2, total: 10 })).toBe(true);
    expect(isAbout({ named: true, headline: false, paragraphs: 1, total: 3 })).toBe(false);
    expect(isAbout({ named: true, headline: false, paragraphs: 2, total: 40 })).toBe(false);
    expect(isAbout({ named: false, headline: false, paragraphs: 9, total: 10 })).toBe(false);
  });

  it('never quotes page furniture: a short label and a colon opening a paragraph', () => {
    for (const line of [
      'RELATED: Costa Rica going to 2022 World Cup after defeating New Zealand',
      'Hot spot:Inflation is scorching hot in this once-affordable city.',
      'Correction: A previous version of this story gave an incorrect year.',
      'MISSED OPPORTUNITY: Why Nashville lost its bid',
    ])
      expect(isFurniture(line), line).toBe(true);
    for (const line of [
      'London (CNN Business) The central bank has raised rates again.',
      'Bolivia signed a $1.4 billion agreement on Monday.',
      'See https://example.org for the full text.',
      'The minister said on Monday that the plants would open in 2027: production starts then.',
    ])
      expect(isFurniture(line), line).toBe(false);
  });
});

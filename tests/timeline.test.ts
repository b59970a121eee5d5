import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEvent, readTimelineGold, scoreTimeline, type TimelineScore } from '../bench/quality.js';
import { buildIndex } from '../src/index/build/pipeline.js';
import type { NewsIndex } from '../src/index/news-index.js';
import { buildTimeline, parseDateBound, TimelineInputError } from '../src/qa/timeline.js';
import { compareValues } from '../src/language/dates.js';
import { chronoDetector, projectDetector, scoreExpressions } from '../bench/timeline-expressions.js';
import { main as timelineMain } from '../src/cli/timeline.js';
import { runMain } from './support/cli.js';

const readJsonl = (rel: string) =>
  readFileSync(new URL(rel, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const dev: { id: string; date: string; key: string }[] = readJsonl('../eval/seed-timeline-dev.jsonl');
// Every dated event of the two seed articles as a careful reader lists them (written by reading the articles, not
// from the code's output; the reasons for the unclear cases are in each event's "note").
const gold = readTimelineGold();

/**
 * Gold events the code gets wrong today, by what it gets wrong. Each is a real event read as a reader reads it;
 * the test is `it.fails` until the code is fixed (then vitest reports it, and the entry goes).
 */
const KNOWN_CITATION_FAILURES: Record<string, string> = {
  // Petro taking office: Reuters ¶2 "since assuming office last year" (2022) and TRT ¶11 "took over in August 2022"
  // are one fact. The timeline merges only events with the same date value, so Reuters' 2022 stays a separate
  // event and this one cites TRT alone.
  tl12: 'same fact at year and month precision is not merged',
  // The strategic partnership: Reuters ¶1 "on Wednesday" (2023-10-25) and TRT ¶11 "in October 2023, upgrading to a
  // strategic partnership" are one fact; TRT's month-precision telling stays a separate 2023-10 event.
  tl14: 'same fact at day and month precision is not merged',
};

let index: NewsIndex;
beforeAll(async () => {
  ({ index } = await buildIndex(new URL('../corpus', import.meta.url).pathname));
});

let scored: TimelineScore | undefined;
const score = () => (scored ??= scoreTimeline(buildTimeline(index).events, gold));
const verdict = (id: string) => score().verdicts.find((v) => v.gold.id === id)!;
const keys = (cs: { article: string; paragraph: number }[]) => cs.map((c) => `${c.article} ¶${c.paragraph}`).sort();

describe('the hand-read timeline gold', () => {
  it('quotes each citation exactly from the paragraph it names', () => {
    expect(gold.length).toBeGreaterThan(20);
    for (const g of gold) {
      expect(
        g.citations.map((c) => c.text),
        g.id,
      ).toContain(g.text);
      for (const c of g.citations) {
        const a = index.articles.find((x) => x.id === c.article)!;
        const p = index.paragraphs[a.firstParagraph + c.paragraph - 1];
        expect(p.number, g.id).toBe(c.paragraph);
        expect(p.text, g.id).toContain(c.text);
        expect(c.text, g.id).toContain(c.phrase);
      }
    }
  });
});

describe('timeline of the seed corpus against the gold', () => {
  it.each(gold.map((g) => [g.id, g.date, g] as const))('%s (%s) is found with its date, granularity and future flag', (_id, _date, g) => {
    const v = verdict(g.id);
    expect(v.status, v.event ? describeEvent(v.event) : 'no event with its sentence').toBe('found');
    expect(v.event!.granularity).toBe(g.granularity);
    expect(v.event!.future).toBe(g.future);
  });

  for (const g of gold) {
    const test = KNOWN_CITATION_FAILURES[g.id] ? it.fails : it;
    test(`${g.id} (${g.date}) cites every article and paragraph that reports it${KNOWN_CITATION_FAILURES[g.id] ? ` [known failure: ${KNOWN_CITATION_FAILURES[g.id]}]` : ''}`, () => {
      const v = verdict(g.id);
      expect(v.event).toBeDefined();
      expect(keys(v.event!.citations)).toEqual(keys(g.citations));
    });
  }

  it('gives no event a reader would not list', () => {
    const extra = score()
      .spurious.filter((s) => !s.sameFactAs)
      .map((s) => describeEvent(s.event));
    expect(extra).toEqual([]);
  });

  // Known failure, the other side of tl12 and tl14: their halves at the coarser date are events of their own.
  it.fails('leaves no telling of a gold event unmerged', () => {
    const halves = score()
      .spurious.filter((s) => s.sameFactAs)
      .map((s) => `${s.sameFactAs}: ${describeEvent(s.event)}`);
    expect(halves).toEqual([]);
  });

  it('reports the same fact from both articles once, in chronological order', () => {
    const { events } = buildTimeline(index);
    const dates = events.map((e) => e.date);
    expect([...dates].sort(compareValues)).toEqual(dates);
    const seen = new Set<string>();
    for (const e of events)
      for (const c of e.citations) {
        const key = `${e.date} ${c.article} ${c.paragraph} ${e.text}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
  });
});

describe('timeline of the seed corpus', () => {
  it.each(dev.map((x) => [x.id, x] as const))('%s has the right date at its granularity', (_id, x) => {
    const { events } = buildTimeline(index);
    expect(events.filter((e) => e.text.includes(x.key)).map((e) => e.date)).toContain(x.date);
  });

  it('merges 1980 across both articles and marks "by 2026" as future', () => {
    const { events } = buildTimeline(index);
    const e1980 = events.filter((e) => e.date === '1980');
    expect(e1980).toHaveLength(1);
    expect(e1980[0].citations.map((c) => c.source).sort()).toEqual(['Reuters', 'TRT World']);
    const metro = events.find((e) => e.date === '2026')!;
    expect(metro).toMatchObject({ phrase: 'by 2026', granularity: 'year', future: true });
    expect(events.find((e) => e.date === '2025-02')).toMatchObject({ granularity: 'month', phrase: 'in February' });
  });

  it('filters by topic through acronyms, and by from/to at any granularity', () => {
    const bri = buildTimeline(index, { topic: 'BRI' }).events;
    expect(bri.some((e) => e.date === '2025-05-12' && e.text.includes('would join the Belt and Road'))).toBe(true);
    expect(bri.some((e) => e.citations[0].source === 'Reuters')).toBe(true);
    expect(bri.every((e) => /Belt and Road|BRI/.test(e.text))).toBe(true);
    const ranged = buildTimeline(index, { from: 'Oct 2023', to: '2025-02' }).events;
    expect(ranged.map((e) => e.date)).toEqual(['2023-10', '2023-W43', '2023-10-24', '2023-10-25', '2023-10-25', '2024', '2025-02']);
  });

  it('rejects bad from/to, naming the option as the member typed it, what is wrong and the forms it reads; reads the good ones', () => {
    const forms = 'write it as 2023, 2023-10, Oct 2023, October 2023 or 2023-10-25';
    const refusal = (query: { from?: string; to?: string }, names?: { from: string; to: string }) => {
      try {
        buildTimeline(index, query, names);
      } catch (err) {
        expect(err).toBeInstanceOf(TimelineInputError);
        return (err as Error).message;
      }
      return undefined;
    };
    expect(refusal({ from: '2025-13' })).toBe(`from "2025-13" is not a date: there is no month 13; ${forms}`);
    expect(refusal({ to: '2024-02-30' })).toBe(`to "2024-02-30" is not a date: February 2024 has 29 days; ${forms}`);
    expect(refusal({ from: 'Octember 2023' })).toBe(`from "Octember 2023" is not a date: "Octember" is not a month; ${forms}`);
    expect(refusal({ from: 'yesterday-ish' })).toBe(`from "yesterday-ish" is not a date; ${forms}`);
    expect(refusal({ from: '2025', to: '2023' })).toBe('from "2025" is after to "2023"; swap them');
    // The CLI names its flags.
    const flags = { from: '--from', to: '--to' };
    expect(refusal({ from: '2025-13' }, flags)).toBe(`--from "2025-13" is not a date: there is no month 13; ${forms}`);
    expect(refusal({ from: '2025', to: '2023' }, flags)).toBe('--from "2025" is after --to "2023"; swap them');
    expect(['2023', '2023-10', 'Oct 2023', 'October 2023', '2023-10-25'].map((s) => parseDateBound(s))).toEqual([
      '2023',
      '2023-10',
      '2023-10',
      '2023-10',
      '2023-10-25',
    ]);
  });

  it('is empty, not wrong, for a topic the corpus never mentions', () => {
    expect(buildTimeline(index, { topic: 'World Cup' }).events).toEqual([]);
  });
});

describe('timeline CLI', () => {
  it('prints the JSON shape the bot renders', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/timeline.ts', '--json', '--topic', 'BRI'], {
      cwd: new URL('..', import.meta.url).pathname,
    });
    const { events } = JSON.parse(stdout);
    expect(events.length).toBeGreaterThan(2);
    for (const e of events) {
      // `excerpt` only where the sentence tells of several dates.
      expect(
        Object.keys(e)
          .filter((k) => k !== 'excerpt')
          .sort(),
      ).toEqual(['citations', 'date', 'future', 'granularity', 'phrase', 'text']);
      expect(Object.keys(e.citations[0]).sort()).toEqual(['article', 'date', 'paragraph', 'source', 'title', 'url']);
    }
  });

  it('puts "this week" of articles published at a year’s turn in the ISO week their Thursday decides', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-weeks-'));
    const article = (name: string, date: string, text: string) =>
      writeFileSync(path.join(dir, name), `---\ntitle: "${name}"\nsource: "Coast Ledger"\ndate: ${date}\n---\n\n${text}\n`);
    try {
      // Sunday 3 January 2021 is in 2020's week 53; Thursday 1 January 2026 in 2026's week 1, which starts in 2025.
      article(
        'harbour.md',
        '2021-01-03',
        'The harbour of Port Velna reopened to cargo ships this week after the storm, the port authority said.',
      );
      article('ferry.md', '2026-01-01', 'The Velna ferry line started its route to the northern islands this week, the operator said.');
      article('crane.md', '2016-01-03', 'Port Velna installed two new cranes this week, the port authority said.');
      const run = await runMain(timelineMain, ['--corpus', dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.split('\n').filter((l) => l.startsWith('week of '))).toEqual([
        'week of Mon 28 Dec 2015 — “Port Velna installed two new cranes this week, the port authority said.” [1]',
        'week of Mon 28 Dec 2020 — “The harbour of Port Velna reopened to cargo ships this week after the storm, the port authority said.” [2]',
        'week of Mon 29 Dec 2025 — “The Velna ferry line started its route to the northern islands this week, the operator said.” [3]',
      ]);
      const json = await runMain(timelineMain, ['--corpus', dir, '--json']);
      expect(JSON.parse(json.stdout).events.map((e: { date: string }) => e.date)).toEqual(['2015-W53', '2020-W53', '2026-W01']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a bad date with a clear message and exit code 2', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/timeline.ts', '--from', 'soon'], {
      cwd: new URL('..', import.meta.url).pathname,
    });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: 'error: --from "soon" is not a date; write it as 2023, 2023-10, Oct 2023, October 2023 or 2023-10-25\n',
    });
  });
});

describe('timeline of a story too big to read whole', () => {
  it('reads the most relevant paragraphs up to its budget and says so', async () => {
    const { renderTimelineText } = await import('../src/qa/render-timeline-text.js');
    const { MAX_TIMELINE_SENTENCES } = await import('../src/qa/timeline.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-big-'));
    const days = MAX_TIMELINE_SENTENCES + 200;
    const paragraphs = Array.from({ length: days }, (_, i) => {
      const d = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      // Every tenth paragraph is about the dredging and names the port twice, so it is the more relevant one.
      return i % 10 === 0
        ? `The Orinoco port dredging went on on ${d}, the Orinoco port authority said.`
        : `The Orinoco port works went on on ${d}, the harbour authority said.`;
    });
    writeFileSync(path.join(dir, 'port.md'), `---\ntitle: "Port diary"\ndate: 2026-01-01\n---\n\n${paragraphs.join('\n\n')}\n`);
    const { index: big } = await buildIndex(dir);
    const timeline = buildTimeline(big, { topic: 'Orinoco port dredging' });
    expect(timeline.truncated).toBeUndefined(); // only the tenth paragraphs match every word: under budget
    const all = buildTimeline(big, { topic: 'Orinoco port' });
    expect(all.truncated).toEqual({ used: MAX_TIMELINE_SENTENCES, matched: days });
    expect(all.events).toHaveLength(MAX_TIMELINE_SENTENCES);
    // The dredging paragraphs rank first, so all of them are in.
    expect(all.events.filter((e) => e.text.includes('dredging'))).toHaveLength(Math.ceil(days / 10));
    expect(renderTimelineText(all, 'Orinoco port')).toContain(
      `Built from the 2,000 most relevant of ${days.toLocaleString('en-US')} matching paragraphs`,
    );
  }, 30_000);
});

describe('date expressions of news text (tests/fixtures/timeline-expressions)', () => {
  it('reads more of them, and more rightly, than chrono-node alone, and takes no non-event for a date', () => {
    const ours = scoreExpressions(projectDetector);
    const chronoAlone = scoreExpressions(chronoDetector);
    expect(ours.gold).toBeGreaterThanOrEqual(60);
    // Floors below what it scores today (1.000 / 0.973 / 0.933), to catch a change that loses dates.
    expect(ours.precision).toBeGreaterThanOrEqual(0.95);
    expect(ours.recall).toBeGreaterThanOrEqual(0.9);
    expect(ours.valueAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(ours.recall).toBeGreaterThan(chronoAlone.recall);
    expect(ours.valueAccuracy).toBeGreaterThan(chronoAlone.valueAccuracy);
    expect(ours.spurious).toEqual([]);
  });
});

describe('a story, not a list', () => {
  it('shows no whole sentence under two dates: each date of a sentence gets the clause about it', () => {
    const { events } = buildTimeline(index);
    const shown = new Map<string, string>();
    for (const e of events) {
      const text = e.excerpt ?? e.text;
      const other = shown.get(text);
      expect(other === undefined || other === e.date, `"${text}" under ${other} and ${e.date}`).toBe(true);
      shown.set(text, e.date);
    }
    const bri = events.find((e) => e.date === '2013')!;
    expect(bri.excerpt).toBe('…join the Belt and Road Initiative launched by Xi in 2013…');
    // With its verb and who met whom, not "…Chinese counterpart Xi Jinping on a visit to Beijing this week…".
    expect(events.find((e) => e.date === '2023-W43')!.excerpt).toBe(
      '…Colombian President Gustavo Petro met his Chinese counterpart Xi Jinping on a visit to Beijing this week…',
    );
  });

  it('prints excerpts that keep their meaning: names whole, the verb kept, one pair of quote marks', async () => {
    const all = await runMain(timelineMain, []);
    expect(all.code).toBe(0);
    const line = (stdout: string, date: string, words: string) =>
      stdout.split('\n').find((l) => l.startsWith(`${date} — `) && l.includes(words));
    // Was "On Monday Petro said Colombia would join the Belt…", "…Xian Metro Company and Canada’s Bombardier Inc
    // consortium in 2019" and "““When we look at…,” Petro told Xi on Wednesday.”".
    expect(line(all.stdout, 'Mon 12 May 2025', 'Petro')).toBe(
      'Mon 12 May 2025 — “On Monday Petro said Colombia would join the Belt and Road Initiative…” [4]',
    );
    expect(line(all.stdout, '2019', 'Xian')).toBe(
      '2019 — “…awarded to the CHEC, Xian Metro Company and Canada’s Bombardier Inc consortium in 2019” [6]',
    );
    expect(line(all.stdout, 'Wed 25 Oct 2023', 'When we look')).toMatch(
      /^Wed 25 Oct 2023 — “‘When we look at the trade balance between Colombia and China, .*,’ Petro told Xi on Wednesday\.” \[\d+\]$/,
    );
    expect(all.stdout).not.toMatch(/““|””|“"|"”/);
    // The same through a topic.
    const bri = await runMain(timelineMain, ['--topic', 'BRI']);
    expect(line(bri.stdout, 'Mon 12 May 2025', 'Petro')).toBe(
      'Mon 12 May 2025 — “On Monday Petro said Colombia would join the Belt and Road Initiative…” [1]',
    );
    const metro = await runMain(timelineMain, ['--topic', 'Bogota Metro']);
    expect(line(metro.stdout, '2019', 'Xian')).toBe(
      '2019 — “…awarded to the CHEC, Xian Metro Company and Canada’s Bombardier Inc consortium in 2019” [1]',
    );
    const balance = await runMain(timelineMain, ['--topic', 'trade balance']);
    expect(line(balance.stdout, 'Wed 25 Oct 2023', 'When we look')).toMatch(
      /^Wed 25 Oct 2023 — “‘When we look .*,’ Petro told Xi on Wednesday\.” \[1\]$/,
    );
  });

  it('keeps a sentence of one date whole', () => {
    const { events } = buildTimeline(index);
    const single = events.find((e) => e.date === '1822')!;
    expect(single.excerpt).toBeUndefined();
  });
});

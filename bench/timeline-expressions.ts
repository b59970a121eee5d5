/**
 * The date expressions of tests/fixtures/timeline-expressions (ten short articles of our own, every expression a
 * timeline should read, with its value and granularity), scored for the project's timeline dates and for
 * chrono-node alone: precision (detections that are gold expressions), recall (gold expressions detected) and
 * value accuracy (detected with the gold value). A detection counts for a gold expression when their words
 * overlap in the same paragraph.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as chrono from 'chrono-node';
import { parseArticle } from '../src/corpus/article.js';
import { parseYmd, resolveDates } from '../src/language/dates.js';

export const EXPRESSIONS_DIR = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'timeline-expressions');
/** Five more articles, written after the rules were settled and never used to change them. */
export const HELD_OUT_EXPRESSIONS_DIR = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'timeline-expressions-heldout');

interface GoldExpression {
  article: string;
  phrase: string;
  value: string;
  granularity: string;
}

export interface Detection {
  phrase: string;
  index: number;
  value: string;
}

export type Detector = (paragraph: string, published: string) => Detection[];

export interface ExpressionScore {
  gold: number;
  detections: number;
  matched: number;
  correctValue: number;
  precision: number;
  recall: number;
  valueAccuracy: number;
  /** Gold expressions missed, detections that match none, and values that differ: for --verbose. */
  misses: string[];
  spurious: string[];
  wrongValues: string[];
}

/** The project's timeline dates: resolveDates as /timeline calls it. */
export const projectDetector: Detector = (paragraph, published) =>
  resolveDates(paragraph, parseYmd(published), { coarse: true }).map((d) => ({ phrase: d.phrase, index: d.index, value: d.value }));

/** chrono-node alone, as a baseline: each date at the precision of the parts chrono is certain of. */
export const chronoDetector: Detector = (paragraph, published) => {
  const [y, m, d] = published.split('-').map(Number);
  return chrono.casual.parse(paragraph, { instant: new Date(Date.UTC(y, m - 1, d, 12)), timezone: 0 }).map((r) => {
    const year = String(r.start.get('year')).padStart(4, '0');
    const month = String(r.start.get('month')).padStart(2, '0');
    const day = String(r.start.get('day')).padStart(2, '0');
    const value =
      r.start.isCertain('day') || r.start.isCertain('weekday')
        ? `${year}-${month}-${day}`
        : r.start.isCertain('month')
          ? `${year}-${month}`
          : year;
    return { phrase: r.text, index: r.index, value };
  });
};

export function scoreExpressions(detect: Detector, dir = EXPRESSIONS_DIR): ExpressionScore {
  const gold = readFileSync(path.join(dir, 'gold.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GoldExpression);
  const score: ExpressionScore = {
    gold: gold.length,
    detections: 0,
    matched: 0,
    correctValue: 0,
    precision: 0,
    recall: 0,
    valueAccuracy: 0,
    misses: [],
    spurious: [],
    wrongValues: [],
  };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()) {
    const id = file.replace(/\.md$/, '');
    const article = parseArticle(file, readFileSync(path.join(dir, file), 'utf8'));
    const golds = gold.filter((g) => g.article === id).map((g) => ({ ...g, taken: false }));
    for (const p of article.paragraphs) {
      const here = golds
        .map((g) => ({ g, at: p.text.indexOf(g.phrase) }))
        .filter((x) => x.at >= 0)
        .map((x) => ({ ...x, end: x.at + x.g.phrase.length }));
      for (const d of detect(p.text, article.date!)) {
        score.detections++;
        const end = d.index + d.phrase.length;
        const hit = here.find((x) => !x.g.taken && x.at < end && d.index < x.end);
        if (!hit) {
          score.spurious.push(`${id}: "${d.phrase}" → ${d.value}`);
          continue;
        }
        hit.g.taken = true;
        score.matched++;
        if (d.value === hit.g.value) score.correctValue++;
        else score.wrongValues.push(`${id}: "${hit.g.phrase}" → ${d.value}, gold ${hit.g.value}`);
      }
    }
    for (const g of golds) if (!g.taken) score.misses.push(`${id}: "${g.phrase}" (${g.value}, ${g.granularity})`);
  }
  score.precision = score.detections ? score.matched / score.detections : 0;
  score.recall = score.gold ? score.matched / score.gold : 0;
  score.valueAccuracy = score.gold ? score.correctValue / score.gold : 0;
  return score;
}

/**
 * How well a confidence tells right answers from wrong ones, for `npm run train` and `npm run bench:quality`:
 * precision at a coverage (the share of all questions answered, and how many of those are right), a reliability
 * table (confidence against how often right, in 10 bins), the expected calibration error, and the threshold
 * that reaches a precision target.
 */

/** One question: the confidence of its answer (undefined when it has none) and whether that answer is right. */
export interface Judged {
  confidence?: number;
  right: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The questions with an answer, most confident first. */
function byConfidence(points: readonly Judged[]): { confidence: number; right: boolean }[] {
  return points
    .filter((p): p is { confidence: number; right: boolean } => p.confidence !== undefined)
    .sort((a, b) => b.confidence - a.confidence);
}

/** The answers at or above `threshold`: their share of all questions and how many of them are right. */
export function atThreshold(points: readonly Judged[], threshold: number): { coverage: number; precision: number; shown: number } {
  const shown = points.filter((p) => p.confidence !== undefined && p.confidence >= threshold);
  const right = shown.filter((p) => p.right).length;
  return {
    coverage: points.length ? shown.length / points.length : 0,
    precision: shown.length ? right / shown.length : 0,
    shown: shown.length,
  };
}

/** Precision when the most confident `coverage` share of all questions is answered (fewer when fewer have answers). */
export function precisionAtCoverage(points: readonly Judged[], coverage: number): { precision: number; threshold: number } {
  const ranked = byConfidence(points);
  const n = Math.min(ranked.length, Math.round(coverage * points.length));
  if (n === 0) return { precision: 0, threshold: 1 };
  const right = ranked.slice(0, n).filter((p) => p.right).length;
  return { precision: right / n, threshold: ranked[n - 1].confidence };
}

/** Confidence in 10 equal bins against how often the answers in each were right. */
export function reliability(
  points: readonly Judged[],
  bins = 10,
): { from: number; to: number; n: number; confidence: number; right: number }[] {
  const out = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, n: 0, confidence: 0, right: 0 }));
  for (const p of byConfidence(points)) {
    const bin = out[Math.min(bins - 1, Math.floor(p.confidence * bins))];
    bin.n++;
    bin.confidence += p.confidence;
    bin.right += p.right ? 1 : 0;
  }
  for (const b of out)
    if (b.n) {
      b.confidence /= b.n;
      b.right /= b.n;
    }
  return out;
}

/** Expected calibration error: |confidence − how often right| per bin, weighted by the bin's share of the answers. */
export function calibrationError(points: readonly Judged[], bins = 10): number {
  const answered = byConfidence(points).length;
  if (!answered) return 0;
  return reliability(points, bins).reduce((a, b) => a + (b.n / answered) * Math.abs(b.confidence - b.right), 0);
}

/**
 * The lowest confidence threshold at which the answers stated (those at or above it) are right at least `target`
 * of the time, counting only thresholds that state at least `minShown` answers, so that a handful cannot decide
 * it; 1 when none does (state nothing rather than miss the target).
 */
export function chooseThreshold(points: readonly Judged[], target: number, minShown = 20): number {
  const ranked = byConfidence(points);
  let right = 0;
  let threshold = 1;
  ranked.forEach((p, i) => {
    right += p.right ? 1 : 0;
    const last = i + 1 === ranked.length || ranked[i + 1].confidence < p.confidence;
    if (last && i + 1 >= minShown && right / (i + 1) >= target) threshold = p.confidence;
  });
  return threshold;
}

/** The coverages the precision–coverage curve is read at. */
export const COVERAGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1] as const;

/** Markdown: precision at each coverage, one row per set. */
export function precisionCoverageTable(sets: readonly { name: string; points: readonly Judged[] }[]): string {
  const head = `| set | n | ${COVERAGES.map((c) => `${Math.round(c * 100)}%`).join(' | ')} |`;
  const rule = `|:--|--:|${COVERAGES.map(() => '--:|').join('')}`;
  const rows = sets.map(
    (s) => `| ${s.name} | ${s.points.length} | ${COVERAGES.map((c) => pct(precisionAtCoverage(s.points, c).precision)).join(' | ')} |`,
  );
  return [head, rule, ...rows].join('\n');
}

/** Markdown: the reliability table of each set, side by side (answers in the bin, mean confidence, share right). */
export function reliabilityTable(sets: readonly { name: string; points: readonly Judged[] }[]): string {
  const tables = sets.map((s) => reliability(s.points));
  const head = `| confidence | ${sets.map((s) => `${s.name}: n | mean conf. | right`).join(' | ')} |`;
  const rule = `|:--|${sets.map(() => '--:|--:|--:|').join('')}`;
  const rows = tables[0].map(
    (bin, i) =>
      `| ${bin.from.toFixed(1)}–${bin.to.toFixed(1)} | ${tables
        .map((t) => (t[i].n ? `${t[i].n} | ${t[i].confidence.toFixed(2)} | ${pct(t[i].right)}` : '0 | — | —'))
        .join(' | ')} |`,
  );
  const ece = `| ECE (expected calibration error) | ${sets.map((s) => `— | — | ${calibrationError(s.points).toFixed(3)}`).join(' | ')} |`;
  return [head, rule, ...rows, ece].join('\n');
}

/** Markdown: at each threshold, the share of questions whose answer is stated and the share of those right, per set. */
export function thresholdTable(sets: readonly { name: string; points: readonly Judged[] }[], thresholds: readonly number[]): string {
  const head = `| threshold | ${sets.map((s) => `${s.name}: stated | right`).join(' | ')} |`;
  const rule = `|--:|${sets.map(() => '--:|--:|').join('')}`;
  const rows = thresholds.map((t) => {
    const cells = sets.map((s) => {
      const at = atThreshold(s.points, t);
      return `${pct(at.coverage)} | ${at.shown ? pct(at.precision) : '—'}`;
    });
    return `| ${t.toFixed(2)} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

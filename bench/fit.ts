/**
 * The fitting that `npm run train` does, without reading any data: the conditional logit (a softmax per
 * question over its rows: the reader's sentences, the phrase model's spans, the answer ranker's candidates), a
 * logistic regression (the confidence model) and Platt scaling (its calibration). Newton steps solved with
 * ml-matrix, from zero weights, so the same data gives the same weights.
 */
import { Matrix, solve } from 'ml-matrix';

/**
 * A listwise ranking model, the conditional logit: per question, the probability that the sentences that
 * answer are chosen among all its sentences, softmax(w · x), is maximised over all questions, less
 * `ridge`/2 · |w|². Newton steps with the expected Hessian (the softmax covariance of the features, plus the
 * ridge), solved with ml-matrix, each halved until the objective rises; from zero weights, so the same data
 * gives the same weights. This is the loss of acc@1 itself, smoothed: a pairwise loss spends its effort on
 * pairs far down the list.
 */
export function fitListwise(groups: readonly { x: number[][]; y: number[] }[], ridge: number): number[] {
  const d = groups[0]?.x[0]?.length ?? 0;
  const objective = (w: number[]) => {
    let total = -0.5 * ridge * w.reduce((a, v) => a + v * v, 0);
    for (const g of groups) {
      const s = g.x.map((r) => r.reduce((a, v, j) => a + v * w[j], 0));
      const top = Math.max(...s);
      let all = 0;
      let pos = 0;
      s.forEach((v, i) => {
        const e = Math.exp(v - top);
        all += e;
        if (g.y[i]) pos += e;
      });
      total += Math.log(pos) - Math.log(all);
    }
    return total;
  };
  return newtonAscent(d, objective, (w) => {
    const gradient = w.map((v) => -ridge * v);
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? ridge : 0)));
    for (const g of groups) {
      const s = g.x.map((r) => r.reduce((a, v, j) => a + v * w[j], 0));
      const top = Math.max(...s);
      const e = s.map((v) => Math.exp(v - top));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, v, i) => a + (g.y[i] ? v : 0), 0);
      const meanAll = new Array<number>(d).fill(0);
      const meanPos = new Array<number>(d).fill(0);
      g.x.forEach((r, i) => {
        for (let j = 0; j < d; j++) {
          meanAll[j] += (e[i] / all) * r[j];
          if (g.y[i]) meanPos[j] += (e[i] / pos) * r[j];
        }
      });
      for (let j = 0; j < d; j++) gradient[j] += meanPos[j] - meanAll[j];
      g.x.forEach((r, i) => {
        const p = e[i] / all;
        for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) hessian[a][b] += p * (r[a] - meanAll[a]) * (r[b] - meanAll[b]);
      });
    }
    return { gradient, hessian };
  });
}

/**
 * Maximise a concave `objective` of `d` weights from zero by Newton steps: `derivatives` gives its gradient and
 * Hessian (the lower triangle is enough: it is mirrored here), the step is solved with ml-matrix and halved until
 * the objective rises; it stops when a step gains less than 1e-9, or none rises.
 */
function newtonAscent(
  d: number,
  objective: (w: number[]) => number,
  derivatives: (w: number[]) => { gradient: number[]; hessian: number[][] },
): number[] {
  let w = new Array<number>(d).fill(0);
  let current = objective(w);
  for (let step = 0; step < 100; step++) {
    const { gradient, hessian } = derivatives(w);
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[b][a] = hessian[a][b];
    const delta = solve(new Matrix(hessian), Matrix.columnVector(gradient)).to1DArray();
    let t = 1;
    let next = w.map((v, i) => v + delta[i]);
    let value = objective(next);
    while (value < current && t > 1e-4) {
      t /= 2;
      next = w.map((v, i) => v + t * delta[i]);
      value = objective(next);
    }
    if (value < current) break;
    const gain = value - current;
    w = next;
    current = value;
    if (gain < 1e-9) break;
  }
  return w;
}

export function meanAndSpread(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

/**
 * A logistic regression of `y` (0 or 1) on the rows `x`, less `ridge`/2 · |w|² on every weight but those of the
 * columns in `free` (an intercept): Newton steps (iteratively reweighted least squares), each halved until the
 * log-likelihood rises.
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  ridge: number,
  free: ReadonlySet<number> = new Set(),
): number[] {
  const d = x[0]?.length ?? 0;
  const penalty = (j: number) => (free.has(j) ? 1e-6 : ridge);
  const logLikelihood = (w: number[]) => {
    let total = 0;
    for (let j = 0; j < d; j++) total -= 0.5 * penalty(j) * w[j] * w[j];
    x.forEach((r, i) => {
      const z = r.reduce((a, v, j) => a + v * w[j], 0);
      // log σ(z) and log(1 − σ(z)), without overflow.
      total += y[i] ? -Math.log1p(Math.exp(-z)) : -Math.log1p(Math.exp(z));
    });
    return total;
  };
  return newtonAscent(d, logLikelihood, (w) => {
    const gradient = w.map((v, j) => -penalty(j) * v);
    const hessian = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? penalty(a) : 0)));
    x.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-r.reduce((a, v, j) => a + v * w[j], 0)));
      for (let a = 0; a < d; a++) {
        gradient[a] += (y[i] - p) * r[a];
        for (let b = 0; b <= a; b++) hessian[a][b] += p * (1 - p) * r[a] * r[b];
      }
    });
    return { gradient, hessian };
  });
}

/**
 * Platt scaling: the `scale` and `shift` that make σ(scale × raw + shift) the probability that an answer with
 * the raw score `raw` is right, fitted by a logistic regression on scores the model gave questions it was not
 * fitted on (a small ridge keeps it finite when they separate perfectly).
 */
export function fitPlatt(raw: readonly number[], right: readonly boolean[]): { scale: number; shift: number } {
  if (!raw.length) return { scale: 1, shift: 0 };
  const [scale, shift] = fitLogistic(
    raw.map((z) => [z, 1]),
    right.map((r) => (r ? 1 : 0)),
    1e-3,
  );
  return { scale, shift };
}

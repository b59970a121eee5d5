/**
 * The measures of selective answering (bench/selective.ts) and the fitting behind the confidence model
 * (bench/fit.ts), on small hand-made data whose answers can be worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, fitPlatt } from '../bench/fit.js';
import { atThreshold, calibrationError, chooseThreshold, precisionAtCoverage, reliability } from '../bench/selective.js';

const points = [
  { confidence: 0.95, right: true },
  { confidence: 0.9, right: true },
  { confidence: 0.8, right: false },
  { confidence: 0.75, right: true },
  { confidence: 0.4, right: false },
  { confidence: 0.3, right: true },
  { confidence: 0.1, right: false },
  { right: false }, // no answer at all: counts in the coverage, never stated
];

describe('selective answering measures', () => {
  it('atThreshold: the share of all questions stated, and how many of those are right', () => {
    expect(atThreshold(points, 0.7)).toEqual({ coverage: 4 / 8, precision: 3 / 4, shown: 4 });
    expect(atThreshold(points, 0.99)).toEqual({ coverage: 0, precision: 0, shown: 0 });
  });

  it('precisionAtCoverage: the most confident share of all questions', () => {
    expect(precisionAtCoverage(points, 0.25)).toEqual({ precision: 1, threshold: 0.9 });
    expect(precisionAtCoverage(points, 0.5)).toEqual({ precision: 0.75, threshold: 0.75 });
    // More than the questions with answers: only those are counted.
    expect(precisionAtCoverage(points, 1).precision).toBeCloseTo(4 / 7);
  });

  it('reliability and calibration error: 10 bins of confidence against how often right', () => {
    const bins = reliability(points);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ n: 2, right: 1 });
    expect(bins[9].confidence).toBeCloseTo(0.925);
    expect(bins[7]).toMatchObject({ n: 1, confidence: 0.75, right: 1 });
    expect(bins[5].n).toBe(0);
    const perfect = [
      { confidence: 0.5, right: true },
      { confidence: 0.5, right: false },
    ];
    expect(calibrationError(perfect)).toBe(0);
    expect(calibrationError([{ confidence: 0.9, right: false }])).toBeCloseTo(0.9);
  });

  it('chooseThreshold: the lowest one whose stated answers reach the target', () => {
    // Right 1/1, 2/2, 2/3, 3/4, 3/5, 4/6, 4/7 from the top down.
    expect(chooseThreshold(points, 0.75, 1)).toBe(0.75);
    expect(chooseThreshold(points, 0.6, 1)).toBe(0.3);
    expect(chooseThreshold(points, 0.5, 1)).toBe(0.1);
    expect(chooseThreshold(points, 0.75, 3)).toBe(0.75);
    // Too few answers to judge: nothing is stated.
    expect(chooseThreshold(points, 0.5, 20)).toBe(1);
    expect(chooseThreshold(points, 1.1, 1)).toBe(1);
  });
});

describe('fitting', () => {
  it('fitLogistic recovers the log-odds of separable-enough data, the intercept unpenalised', () => {
    // y = 1 three times in four when x = 1, once in four when x = 0: weights log 3 and −log 3.
    const x = [...Array(4).fill([1, 1]), ...Array(4).fill([0, 1])];
    const y = [1, 1, 1, 0, 1, 0, 0, 0];
    const [w, b] = fitLogistic(x, y, 1e-9, new Set([1]));
    expect(w + b).toBeCloseTo(Math.log(3), 3);
    expect(b).toBeCloseTo(-Math.log(3), 3);
    // A ridge pulls the slope towards 0, not the free intercept's fit.
    const [shrunk] = fitLogistic(x, y, 10, new Set([1]));
    expect(Math.abs(shrunk)).toBeLessThan(Math.abs(w));
  });

  it('fitPlatt maps raw scores to calibrated probabilities, and stays finite on separable data', () => {
    const raw = [2, 2, 2, 2, -2, -2, -2, -2];
    const right = [true, true, true, false, true, false, false, false];
    const { scale, shift } = fitPlatt(raw, right);
    expect(1 / (1 + Math.exp(-(scale * 2 + shift)))).toBeCloseTo(0.75, 2);
    const separable = fitPlatt([1, 2, -1, -2], [true, true, false, false]);
    expect(Number.isFinite(separable.scale) && Number.isFinite(separable.shift)).toBe(true);
    expect(fitPlatt([], [])).toEqual({ scale: 1, shift: 0 });
  });
});

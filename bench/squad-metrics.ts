/**
 * SQuAD's answer metrics (the official evaluate-v1.1 script): exact match and token F1 after normalization (lower
 * case, no punctuation, no "a", "an", "the"), the best over the gold answers; no phrase scores 0. The product
 * merges candidate answers with the same normalization (src/qa/answer-candidates.ts `answerTokens`); the
 * measure keeps its own copy, so that a change to the product can never change how it is judged.
 */
function squadTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\b(?:a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function exactMatch(prediction: string | undefined, golds: readonly string[]): number {
  if (prediction === undefined) return 0;
  const p = squadTokens(prediction).join(' ');
  return golds.some((g) => squadTokens(g).join(' ') === p) ? 1 : 0;
}

export function tokenF1(prediction: string | undefined, golds: readonly string[]): number {
  if (prediction === undefined) return 0;
  const p = squadTokens(prediction);
  return Math.max(
    0,
    ...golds.map((gold) => {
      const g = squadTokens(gold);
      const left = new Map<string, number>();
      for (const t of g) left.set(t, (left.get(t) ?? 0) + 1);
      let same = 0;
      for (const t of p) {
        const n = left.get(t) ?? 0;
        if (n > 0) {
          same++;
          left.set(t, n - 1);
        }
      }
      if (!same) return 0;
      const precision = same / p.length;
      const recall = same / g.length;
      return (2 * precision * recall) / (precision + recall);
    }),
  );
}

/** The forms a short answer is judged in: its words, and a number written in words ("three") as its value too. */
export function answerForms(text: string, value?: string | number): string[] {
  return typeof value === 'number' && !/\d/.test(text) ? [text, String(value)] : [text];
}

/** Whether a short answer is right (exact match) in any of its forms. */
export function isRightAnswer(text: string, value: string | number | undefined, golds: readonly string[]): boolean {
  return answerForms(text, value).some((form) => exactMatch(form, golds) === 1);
}

/** A short answer's token F1, the best of its forms. */
export function answerF1(text: string, value: string | number | undefined, golds: readonly string[]): number {
  return Math.max(...answerForms(text, value).map((form) => tokenF1(form, golds)));
}

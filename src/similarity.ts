/**
 * When two sentences from different articles report the same fact: mostly the same words, or a shared run of
 * four words with a number in it ("first established in 1980", "$9.2 billion in credit").
 */
import { terms } from './text.js';

function words(text: string): string[] {
  return text.toLowerCase().match(/[$€£]?[\p{L}\p{N}]+(?:[.,][\p{L}\p{N}]+)*%?/gu) ?? [];
}

export function isSameFact(a: string, b: string): boolean {
  const ta = new Set(terms(a));
  const tb = new Set(terms(b));
  const inter = [...ta].filter((t) => tb.has(t)).length;
  if (inter / (ta.size + tb.size - inter || 1) >= 0.6) return true;
  const wa = words(a);
  const grams = new Set<string>();
  for (let i = 0; i + 4 <= wa.length; i++) grams.add(wa.slice(i, i + 4).join(' '));
  const wb = words(b);
  for (let i = 0; i + 4 <= wb.length; i++) {
    const g = wb.slice(i, i + 4).join(' ');
    if (grams.has(g) && /\d/.test(g)) return true;
  }
  return false;
}

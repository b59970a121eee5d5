/**
 * The part of a sentence about one of its dates, for a timeline that lists a sentence under each date it names:
 * the clause holding the date (cut at punctuation and at the words that open another clause), no longer than a
 * reader takes in at a glance. "On Monday Petro said Colombia would join the Belt and Road Initiative launched by
 * Xi in 2013 to recreate the ancient Silk Road" gives, for 2013, "…join the Belt and Road Initiative launched by
 * Xi in 2013".
 */

/** Where the clause before a date begins: punctuation, or a word that opens a clause ("and" joins names too). */
const OPENS_BEFORE = /[,;:()]\s*|\s+[—–]\s+|\s+-\s+|\s+(?:but|while|although|though|whereas|which|who|whose|where|because|as)\s+/gi;
/** Where the clause after a date ends: punctuation, or a word that opens another ("in 2013 to recreate"). */
const ENDS_AFTER =
  /[,;:()]|\s+[—–]\s+|\s+-\s+|\s+(?=(?:and|but|while|as|after|before|because|although|though|whereas|which|who|whose|where|when|to)\s)/gi;

/** Words the clause before a date should have at least, reaching back over a boundary if need be. */
const MIN_WORDS_BEFORE = 3;

/** Where the `n`th word before `at` starts. */
function startOfWords(text: string, at: number, n: number): number {
  const words = [...text.slice(0, at).matchAll(/\S+/g)];
  return words.length <= n ? 0 : words[words.length - n].index!;
}

/** Words at most on either side of the date. */
const MAX_WORDS_BEFORE = 9;
const MAX_WORDS_AFTER = 9;

/**
 * The clause of `sentence` around the date at [start, end), trimmed to about a dozen words on word boundaries,
 * with "…" where it was cut inside the sentence.
 */
export function clauseAround(sentence: string, start: number, end: number): string {
  // Clause bounds: the last opening before the date, the first ending after it.
  let from = 0;
  let to = sentence.length;
  for (const m of sentence.slice(0, start).matchAll(OPENS_BEFORE)) from = m.index! + m[0].length;
  const ending = ENDS_AFTER.exec(sentence.slice(end));
  ENDS_AFTER.lastIndex = 0;
  if (ending) to = end + ending.index;
  // A clause of a word or two says too little ("…president in October 2023"): reach back over the boundary.
  if (sentence.slice(from, start).split(/\s+/).filter(Boolean).length < MIN_WORDS_BEFORE)
    from = Math.max(0, startOfWords(sentence, start, MIN_WORDS_BEFORE + 2));
  let before = sentence.slice(from, start).split(/\s+/).filter(Boolean);
  // The sentence's own closing punctuation is not part of the clause.
  let after = sentence
    .slice(end, to)
    .replace(/[.!?"”’']+\s*$/, '')
    .split(/\s+/)
    .filter(Boolean);
  const endsSentence =
    !sentence
      .slice(end, to)
      .replace(/[.!?"”’']+\s*$/, '')
      .trim() && to === sentence.length;
  const cutBefore = before.length > MAX_WORDS_BEFORE;
  const cutAfter = after.length > MAX_WORDS_AFTER;
  before = before.slice(-MAX_WORDS_BEFORE);
  after = after.slice(0, MAX_WORDS_AFTER);
  const head = (cutBefore || from > 0 ? '…' : '') + before.join(' ');
  const tail = after.join(' ') + (cutAfter || (to < sentence.length && !endsSentence) ? '…' : '');
  const phrase = sentence.slice(start, end);
  return `${head}${head && !head.endsWith('…') ? ' ' : ''}${phrase}${tail && tail !== '…' ? ` ${tail}` : tail}`
    .replace(/\s+…$/, '…')
    .replace(/^…\s+/, '…')
    .trim();
}

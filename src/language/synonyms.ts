/**
 * A small thesaurus of news vocabulary. Reporters vary their verbs ("leaving" the pact in the question,
 * "exiting" it in the article); without this, a paraphrase sinks the sentence that answers. Groups are kept
 * tight (words a reporter uses interchangeably), because every pair here is also a chance of a false match.
 */
import { normalizeWord } from './analyzer.js';

const GROUPS: string[][] = [
  ['leave', 'exit', 'quit', 'withdraw', 'depart', 'abandon'],
  ['join', 'enter', 'accede'],
  ['buy', 'acquire', 'purchase', 'acquisition'],
  ['sell', 'divest', 'sale'],
  ['kill', 'slay', 'murder'],
  ['die', 'dead', 'death', 'died'],
  ['start', 'begin', 'launch', 'commence'],
  ['end', 'finish', 'conclude'],
  ['win', 'victory', 'triumph'],
  ['arrest', 'detain'],
  ['ban', 'prohibit', 'outlaw'],
  ['increase', 'rise', 'raise', 'grow', 'growth', 'surge', 'climb', 'jump'],
  ['decrease', 'fall', 'drop', 'decline', 'reduce', 'plunge', 'slump'],
  ['pledge', 'promise', 'commit'],
  ['fire', 'dismiss', 'sack', 'oust'],
  ['resign', 'resignation'],
  ['announce', 'declare', 'unveil'],
  ['build', 'construct', 'construction'],
  ['help', 'aid', 'assist', 'assistance'],
  ['country', 'nation'],
  ['car', 'vehicle', 'automobile'],
  ['company', 'firm', 'corporation'],
  ['talk', 'negotiation', 'negotiate'],
  ['attack', 'assault'],
  ['agreement', 'deal', 'pact', 'accord', 'treaty'],
  ['law', 'legislation', 'statute'],
  ['investigate', 'investigation', 'probe', 'inquiry'],
  ['sue', 'lawsuit'],
  ['charge', 'indict', 'accuse'],
  ['approve', 'authorize', 'authorise', 'endorse', 'approval'],
  ['reject', 'refuse', 'rejection'],
  ['hire', 'recruit'],
  ['child', 'kid'],
  ['doctor', 'physician'],
  ['president', 'presidency'],
  ['elect', 'election'],
  ['invent', 'inventor', 'invention'],
  ['discover', 'discovery'],
  ['found', 'founder', 'establish'],
];

const bySterm = new Map<string, Set<string>>();
for (const group of GROUPS) {
  const stems = group.map((w) => normalizeWord(w)).filter((t): t is string => !!t);
  for (const s of stems) {
    const set = bySterm.get(s) ?? new Set<string>();
    for (const other of stems) if (other !== s) set.add(other);
    bySterm.set(s, set);
  }
}

/** Index terms that mean the same as `term` in news writing (never `term` itself). */
export function synonymsOf(term: string): string[] {
  return [...(bySterm.get(term) ?? [])];
}

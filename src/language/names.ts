/**
 * Is a word, written in lower case, a name (a person, place or organisation)? Questions typed without
 * capitals lose the mark that tells "moscow" from "contractor"; compromise's English lexicon (24,000 words
 * with their part of speech, names of countries, cities, people and organisations among them) puts it back.
 * The lexicon is loaded the first time it is needed (about 0.2 s), as most questions never need it.
 */
import { createRequire } from 'node:module';

type RawLexicon = Record<string, string | string[]>;
type RawTagSet = Record<string, { parents?: string[] } | undefined>;

const NAME_TAGS = new Set(['ProperNoun', 'Person', 'Place', 'Organization']);
let loaded: { lexicon: Map<string, readonly string[]>; isName: (tag: string) => boolean } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  // The CommonJS build loads synchronously, so question analysis stays synchronous.
  const nlp = createRequire(import.meta.url)('compromise/two') as { model(): { one: { lexicon: RawLexicon; tagSet: RawTagSet } } };
  const model = nlp.model().one;
  // compromise keeps both as plain objects: read as such, "constructor" or "__proto__" would find Object's own
  // properties. Copied into Maps of own entries, a word finds only what the lexicon says of it.
  const lexicon = new Map<string, readonly string[]>();
  for (const [word, tags] of Object.entries(model.lexicon)) {
    if (typeof tags === 'string' || Array.isArray(tags))
      lexicon.set(
        word,
        (Array.isArray(tags) ? tags : [tags]).flatMap((t) => t.split(',')),
      );
  }
  const parents = new Map(Object.entries(model.tagSet).map(([tag, info]) => [tag, info?.parents ?? []]));
  const isName = (tag: string) => NAME_TAGS.has(tag) || (parents.get(tag) ?? []).some((p) => NAME_TAGS.has(p));
  loaded = { lexicon, isName };
  return loaded;
}

/** The lexicon's tags for `word` (any case): "Determiner", "Preposition", "PastTense"…; none when it does not know the word. */
export function lexiconTags(word: string): readonly string[] {
  return load().lexicon.get(word.toLowerCase()) ?? [];
}

/** Whether the English lexicon knows `word` (any case) as a name: "moscow", "colombia", "nato", "petro". */
export function isKnownName(word: string): boolean {
  return lexiconTags(word).some(load().isName);
}

/**
 * Whether the English lexicon knows `word` as an ordinary word, inflected or not ("Gatherings", "Another"):
 * a capitalised word it does not know at all ("Wiesner") is most likely a name.
 */
export function isKnownWord(word: string): boolean {
  const w = word.toLowerCase();
  const forms = [
    w,
    w.replace(/(?:es|s)$/, ''),
    w.replace(/(?:ed|ing|ly|er|est)$/, ''),
    w.replace(/(?:ied|ies)$/, 'y'),
    w.replace(/(?:ed|ing)$/, 'e'),
  ];
  return forms.some((f) => f.length > 1 && lexiconTags(f).length > 0 && !isKnownName(f));
}

export type NameKind = 'person' | 'place' | 'organization';

const KIND_TAGS: [NameKind, Set<string>][] = [
  ['person', new Set(['Person', 'FirstName', 'MaleName', 'FemaleName', 'LastName'])],
  ['place', new Set(['Place', 'Country', 'City', 'Region'])],
  ['organization', new Set(['Organization', 'Company', 'School', 'SportsTeam'])],
];

/** The kind of name the English lexicon knows `word` as ("bob" → person, "idaho" → place), if any. */
export function lexiconNameKind(word: string): NameKind | undefined {
  const list = lexiconTags(word);
  for (const [kind, set] of KIND_TAGS) if (list.some((t) => set.has(t))) return kind;
  return undefined;
}

/** Whether `word` names the people of a place ("Japanese", "European"): a name, but not of what the article must mention. */
export function isDemonym(word: string): boolean {
  return lexiconTags(word).includes('Demonym');
}

/** Load the lexicon now (the bot does at start, so no member waits for it). */
export function preloadNames(): void {
  load();
}

/**
 * Discord messages for answers and timelines: embeds within Discord's limits (truncated on word boundaries),
 * buttons, and allowed mentions set to none on every message, so quoted news text can never ping anyone.
 */
import { asOfLine } from '../qa/render-answer-text.js';
import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  SnowflakeUtil,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { dayNumber, displayDate } from '../language/dates.js';
import { truncateOnWord } from '../language/truncate.js';
import { NOT_FOUND_MESSAGE, type Answer, type Citation } from '../qa/answer.js';
import {
  confidenceLine,
  formatAnswerPhrase,
  isUnsure,
  UNSURE_MESSAGE,
  formatQuoteDates,
  frontMatterRefs,
  formatArticle,
  formatCitation,
  numberCitations,
  quoteNotes,
  refMarks,
} from '../qa/citations.js';
import { displayEventDate, EVENTS_PER_PAGE, noEventsMessage, timelinePageCount, truncationNote, type Timeline } from '../qa/timeline.js';
import type { CorpusSummary } from '../index/corpus-summary.js';
import { renderTimelinePicture, timelinePagePicture } from '../qa/timeline-picture.js';
import type { ReindexRecord } from '../store/state-store.js';
import type { TopicMatch } from '../qa/follow-match.js';

/** Discord's limits (docs: Message and Embed objects; Autocomplete). */
export const LIMITS = {
  CONTENT: 2000,
  EMBED_TITLE: 256,
  EMBED_DESCRIPTION: 4096,
  EMBED_FIELDS: 25,
  FIELD_NAME: 256,
  FIELD_VALUE: 1024,
  FOOTER: 2048,
  EMBEDS_PER_MESSAGE: 10,
  EMBEDS_TOTAL_CHARACTERS: 6000,
  AUTOCOMPLETE_CHOICES: 25,
  CHOICE_LENGTH: 100,
  BUTTONS_PER_ROW: 5,
  CUSTOM_ID: 100,
} as const;

/** Embed accent colours. */
const COLOUR = { answer: 0x2b6cb0, abstain: 0x718096, timeline: 0x2f855a, error: 0xc53030, follow: 0xb7791f } as const;

export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  /** Files to attach (the timeline's picture); an edit with files replaces the message's attachments. */
  files?: { attachment: Buffer; name: string }[];
  attachments?: [];
}

/** The name of a timeline page's picture among the message's attachments. */
export const TIMELINE_PICTURE = 'timeline.png';

/**
 * A timeline page with its picture: the page's events drawn as a PNG, attached and shown in the embed. Without
 * events there is nothing to draw, and the page goes as it is.
 */
export function withTimelinePicture(payload: MessagePayload, timeline: Timeline, page: number, searched: string): MessagePayload {
  if (!timeline.events.length || !payload.embeds[0]) return payload;
  const { events, title, options } = timelinePagePicture(timeline, page, searched);
  return {
    ...payload,
    embeds: [{ ...payload.embeds[0], image: { url: `attachment://${TIMELINE_PICTURE}` } }, ...payload.embeds.slice(1)],
    files: [{ attachment: renderTimelinePicture(events, title, options), name: TIMELINE_PICTURE }],
    attachments: [],
  };
}

export const NO_MENTIONS = { parse: [] as [] };

/** Custom ids of the buttons; the answer id ties a button to the answer it belongs to. */
export const BUTTON = {
  context: (answerId: string) => `ctx:${answerId}`,
  /** Ask a follow-up of an answer: opens a form (FOLLOW_UP_MODAL) whose answer replies to it. */
  followUp: (answerId: string) => `fup:${answerId}`,
  vote: (answerId: string, vote: 'up' | 'down') => `vote:${answerId}:${vote}`,
  page: (timelineId: string, page: number) => `tl:${timelineId}:${page}`,
  /** Ask to remove a server's article (by its file's name, without the extension), then confirm it. */
  removeArticle: (name: string) => `art:rm:${name}`,
  confirmRemoval: (name: string) => `art:rmok:${name}`,
  articlePage: (page: number) => `art:ls:${page}`,
  /** /timeline for a followed topic, from its post (the topic is the rest of the id, cut to Discord's length). */
  followTimeline: (topic: string) => `ftl:${topic}`.slice(0, LIMITS.CUSTOM_ID),
} as const;

/** The form a "Follow up" button opens, and its one text field. */
export const FOLLOW_UP_MODAL = {
  id: (answerId: string) => `fupq:${answerId}`,
  field: 'question',
} as const;

/** A follow-up's answer: what the member typed, what it was read as when that differs, and the answer it follows. */
export interface FollowUpShown {
  typed: string;
  readAs?: string;
  /** The question of the answer it follows. */
  after: string;
  /** That answer's message, to link to. */
  afterUrl?: string;
}

/**
 * What the member is told above a follow-up's answer: the answer it follows (linked), and "Read as: …" when the
 * follow-up was read as another question, so that a wrong reading shows.
 */
function followUpLines(followUp: FollowUpShown | undefined): string {
  if (!followUp) return '';
  const after = escapeQuote(truncateOnWord(followUp.after, 200));
  const lines = [`-# ↪ Following up ${followUp.afterUrl ? `[${after}](${followUp.afterUrl})` : `“${after}”`}`];
  if (followUp.readAs) lines.push(`-# Read as: ${escapeQuote(truncateOnWord(followUp.readAs, 300))}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What members are told when the bot's database cannot serve them (see store/): the one place for these
 * messages, so the bot says the same thing wherever it happens.
 */
export const STATE_MESSAGES = {
  /** Under an answer whose record could not be saved: its buttons are removed, since none could work. */
  answerUnsaved: "-# The buttons are off for this answer: the bot's database could not save it just now.",
  timelineUnsaved: "-# Paging is off for this timeline: the bot's database could not save it just now. Run /timeline again to page.",
  /** A button pressed while the database cannot be read. */
  unreachable: "I can't reach the bot's database just now, so this button can't be served; please try again in a moment.",
  voteUnsaved: 'Your vote could not be saved just now, so it is not counted; please try again in a moment.',
  /** The database did not answer in time: the vote may or may not have been stored, and a second press counts once. */
  voteUnconfirmed: "I couldn't confirm your vote just now; please press it again in a moment (it counts once either way).",
} as const;

/**
 * The reply to a button whose answer or timeline is no longer kept: pruned after `retentionDays` (the id is a
 * Discord snowflake, so its age is known), or never saved.
 */
export function recordGoneMessage(kind: 'answer' | 'timeline', id: string, retentionDays: number, now = Date.now()): string {
  const what = kind === 'answer' ? 'answer' : 'timeline';
  const again = kind === 'answer' ? 'ask again' : 'run /timeline again';
  const lost = kind === 'answer' ? 'its context and buttons are gone' : 'it can no longer be paged';
  let at: number | undefined;
  try {
    at = SnowflakeUtil.timestampFrom(id);
  } catch {
    at = undefined;
  }
  if (at !== undefined && now - at > retentionDays * 86_400_000)
    return `This ${what} is more than ${retentionDays} days old, and ${what}s are kept for ${retentionDays} days only, so ${lost}; ${again}.`;
  return `This ${what} is no longer kept, so ${lost}; ${again}.`;
}

/** A reply whose buttons could not be saved: sent without them, saying why. */
export function withoutButtons(payload: MessagePayload, note: string): MessagePayload {
  return { ...payload, content: payload.content ? `${payload.content}\n${note}` : note, components: [] };
}

/** Characters an embed counts against the 6000 total: title, description, field names and values, footer, author. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export function totalEmbedLength(embeds: APIEmbed[]): number {
  return embeds.reduce((n, e) => n + embedLength(e), 0);
}

/** Quoted article text, shown as written but never as Markdown. */
export function escapeQuote(text: string): string {
  return escapeMarkdown(text, { numberedList: true, bulletedList: true, heading: true, maskedLink: true });
}

/** What /about shows, beyond the corpus figures. */
export interface AboutFacts {
  corpus: CorpusSummary;
  lastReindex?: ReindexRecord;
  /** Seconds since the snapshot file was written; undefined without one. */
  snapshotAgeSeconds?: number;
  version: string;
  /** The day answers are given as of (today, UTC). */
  today: string;
  /** The database could not be read: the last reindex is not known. */
  lastReindexUnknown?: boolean;
}

/** "3 min", "5 h", "2 days". */
function age(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** /about: what the bot knows and how fresh it is, as one private embed. */
export function renderAbout(facts: AboutFacts): MessagePayload {
  const c = facts.corpus;
  const top = c.sources.slice(0, 10).map((s) => `${escapeQuote(s.source)} ${s.articles}`);
  const more = c.sources.length > 10 ? ` · … ${c.sources.length - 10} more` : '';
  const fields = [
    {
      name: 'Corpus',
      value: `${c.articles.toLocaleString('en')} articles · ${c.paragraphs.toLocaleString('en')} paragraphs · ${c.sentences.toLocaleString('en')} sentences · ${c.acronyms.toLocaleString('en')} acronyms`,
    },
    {
      name: `Sources (${c.sources.length})`,
      value: truncateOnWord(
        (top.join(' · ') || 'none named') + more + (c.withoutSource ? ` · no source: ${c.withoutSource}` : ''),
        LIMITS.FIELD_VALUE,
      ),
    },
    {
      name: 'Dates',
      value: `${c.from ? `${displayDate(c.from)} – ${displayDate(c.to!)}` : 'no dated articles'}${c.undated ? ` (${c.undated} undated)` : ''}`,
    },
    {
      name: 'Last reindex',
      value: facts.lastReindex
        ? truncateOnWord(
            `${facts.lastReindex.at.slice(0, 16).replace('T', ' ')} UTC by ${escapeQuote(facts.lastReindex.by)}: ${facts.lastReindex.ok ? '' : '**'}${escapeQuote(facts.lastReindex.result)}${facts.lastReindex.ok ? '' : '**'}`,
            LIMITS.FIELD_VALUE,
          )
        : facts.lastReindexUnknown
          ? "unknown: the bot's database cannot be read just now"
          : 'none recorded',
    },
    { name: 'Index snapshot', value: facts.snapshotAgeSeconds === undefined ? 'none saved' : `saved ${age(facts.snapshotAgeSeconds)} ago` },
  ];
  return {
    embeds: [
      {
        title: 'What this bot knows',
        color: COLOUR.answer,
        fields,
        footer: { text: `newsdesk-bot ${facts.version} · answers as of ${displayDate(facts.today)}` },
      },
    ],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}

/** "-# Searched for: …" above an answer whose misspelt words were read as corpus words, so a wrong guess shows. */
function searchedLine(answer: Answer): string {
  return answer.searched ? `-# Searched for: ${escapeQuote(truncateOnWord(answer.searched, 300))}\n` : '';
}

/**
 * An answer read from the articles' front matter ("Who wrote the Reuters article?"): the answer in bold, the
 * articles as sources, and votes (there is no paragraph to show in context).
 */
function renderFrontMatterAnswer(answer: Answer, answerId: string, title: string): MessagePayload {
  const short = formatAnswerPhrase(answer);
  const articles = answer.articles ?? [];
  const marks = refMarks(frontMatterRefs(answer));
  const lines = [
    ...(short ? [`**${escapeQuote(short.text)}**${short.note ? ` ${escapeQuote(`(${short.note})`)}` : ''} ${marks}`] : []),
    ...(answer.notice ? [`**${escapeQuote(answer.notice)}**`] : []),
  ];
  const sourceLines = articles.map((a, i) => {
    const text = escapeQuote(`${formatArticle(a)}${a.authors?.length ? `, by ${a.authors.join(', ')}` : ''}`);
    return `**[${i + 1}]** ${a.url ? `[${text}](${a.url})` : text}`;
  });
  const embed: APIEmbed = {
    title,
    description: truncateOnWord(lines.join('\n\n'), LIMITS.EMBED_DESCRIPTION),
    color: COLOUR.answer,
    fields: [{ name: 'Sources', value: fitLines(sourceLines, LIMITS.FIELD_VALUE) }],
    footer: {
      text: `${answer.asOf ? `Answered as of ${displayDate(answer.asOf)}. ` : ''}Read from the articles’ front matter (title, source, date, authors).`,
    },
  };
  return {
    embeds: [embed],
    components: [
      row(
        button(BUTTON.vote(answerId, 'up'), 'Helpful', ButtonStyle.Secondary, '👍'),
        button(BUTTON.vote(answerId, 'down'), 'Not helpful', ButtonStyle.Secondary, '👎'),
      ),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * A quote escaped and cut to `room` characters on a word boundary, its answer phrase in bold. Each part is
 * escaped on its own, so the article's own `*`, `_` or backticks can never open or close the bold; when the cut
 * would fall inside the phrase, the quote is shown without bold (the answer line above still gives it).
 */
export function quoteText(text: string, room: number, bold?: { start: number; end: number }): string {
  if (bold && bold.end > bold.start) {
    const head = `${escapeQuote(text.slice(0, bold.start))}**${escapeQuote(text.slice(bold.start, bold.end))}**`;
    const tail = escapeQuote(text.slice(bold.end));
    if (head.length + tail.length <= room) return head + tail;
    if (head.length + 8 <= room) return head + truncateOnWord(tail, room - head.length);
  }
  return truncateOnWord(escapeQuote(text), room);
}

/** A citation as Markdown: its text escaped, linked to the article when it has a url. */
function linkedCitation(c: Citation): string {
  const text = escapeQuote(formatCitation({ ...c, url: null }));
  return c.url ? `[${text}](${c.url})` : text;
}

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary,
  emoji?: string,
  disabled = false,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label, style, ...(emoji ? { emoji: { name: emoji } } : {}), disabled };
}

function row(...buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> {
  return { type: ComponentType.ActionRow, components: buttons };
}

/**
 * An answer as one embed: the quotes (with resolved dates) in the description, the numbered sources as a
 * field, the question as the title; buttons to show the cited paragraphs and to vote.
 */
export function renderAnswer(answer: Answer, answerId: string, followUp?: FollowUpShown): MessagePayload {
  const title = truncateOnWord(followUp?.typed ?? answer.question, LIMITS.EMBED_TITLE);
  if (!answer.answered) {
    const closest = answer.closest.map((a) => `• ${escapeQuote(formatArticle(a))}${a.url ? ` — <${a.url}>` : ''}`);
    const description = truncateOnWord(
      followUpLines(followUp) +
        searchedLine(answer) +
        [answer.message ?? NOT_FOUND_MESSAGE, ...(closest.length ? ['', '**Closest articles:**', ...closest] : [])].join('\n'),
      LIMITS.EMBED_DESCRIPTION,
    );
    // 👎 on an abstention too: a miss a member knows the corpus holds is what moderators most need to see.
    return {
      embeds: [{ title, description, color: COLOUR.abstain }],
      components: [row(button(BUTTON.vote(answerId, 'down'), 'Not helpful', ButtonStyle.Secondary, '👎'))],
      allowedMentions: NO_MENTIONS,
    };
  }

  if (answer.articles) return renderFrontMatterAnswer(answer, answerId, title);
  const { sources, refs } = numberCitations(answer.quotes);
  const notes = quoteNotes(answer);
  const sourceLines = sources.map((c, i) => `**[${i + 1}]** ${linkedCitation(c)}`);
  const phrase = answer.answer;
  const short = formatAnswerPhrase(answer);
  // The answer first, bold, with the quote it comes from: "**Mon 12 May 2025** (“On Monday”) [1]", and how
  // sure it is; a guess below the threshold is not said at all, and nothing is bold.
  const confidence = confidenceLine(answer);
  const answerLine =
    short && phrase?.quote !== undefined
      ? `**${escapeQuote(short.text)}**${short.note ? ` ${escapeQuote(`(${short.note})`)}` : ''} ${refMarks(refs[phrase.quote])}\n${confidence ? `-# ${confidence}\n` : ''}\n`
      : isUnsure(answer)
        ? `*${UNSURE_MESSAGE}*\n\n`
        : '';
  // Sources first get their room: a quote can be cut, a citation must stay checkable.
  const sourcesValue = fitLines(sourceLines, LIMITS.FIELD_VALUE);
  const budget =
    LIMITS.EMBEDS_TOTAL_CHARACTERS -
    title.length -
    'Sources'.length -
    sourcesValue.length -
    300 -
    (answer.notice?.length ?? 0) -
    answerLine.length;
  const perQuote = Math.floor(Math.min(LIMITS.EMBED_DESCRIPTION, budget) / Math.max(1, answer.quotes.length)) - 8;
  const blocks = answer.quotes.map((q, i) => {
    const marks = refMarks(refs[i]);
    const note = notes[i].length ? `\n-# ${escapeQuote(notes[i].join('; '))}` : '';
    const room = perQuote - marks.length - note.length - 6;
    const bold = short && phrase?.quote === i && phrase.start !== undefined ? { start: phrase.start, end: phrase.end! } : undefined;
    return `> ${quoteText(q.text, Math.max(40, room), bold)} ${marks}${note}`;
  });
  const notice = answer.notice ? `**${escapeQuote(answer.notice)}**\n\n` : '';
  // The footer explains the resolved dates only when the notes under the quotes show one.
  const resolved = answer.quotes.some((q) => formatQuoteDates(q.dates).includes(' = '));
  const asOf = answer.asOf ? `${asOfLine(answer.asOf)} ` : '';
  const embed: APIEmbed = {
    title,
    description: truncateOnWord(
      followUpLines(followUp) + searchedLine(answer) + notice + answerLine + blocks.join('\n\n'),
      LIMITS.EMBED_DESCRIPTION,
    ),
    color: COLOUR.answer,
    fields: [{ name: 'Sources', value: sourcesValue }],
    footer: {
      text: `${asOf}Quotes are exact sentences from the articles.${resolved ? ' A date after “=” is the day the article’s words mean, counted from its publication date.' : ''}`,
    },
  };
  return {
    embeds: [embed],
    components: [
      row(
        button(BUTTON.context(answerId), 'Show context', ButtonStyle.Secondary, '📄'),
        button(BUTTON.vote(answerId, 'up'), 'Helpful', ButtonStyle.Secondary, '👍'),
        button(BUTTON.vote(answerId, 'down'), 'Not helpful', ButtonStyle.Secondary, '👎'),
        button(BUTTON.followUp(answerId), 'Follow up', ButtonStyle.Secondary, '↪️'),
      ),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

/** Join lines up to `max` characters, ending with "…and N more" when they do not all fit. */
function fitLines(lines: string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i - 1;
    const tail = rest ? `\n…and ${rest} more` : '';
    const piece = truncateOnWord(line, max - 20);
    if (used + piece.length + 1 + tail.length > max) {
      out.push(`…and ${lines.length - i} more`);
      break;
    }
    out.push(piece);
    used += piece.length + 1;
  }
  return out.join('\n');
}

/** The cited paragraphs in full (ephemeral reply to "Show context"), one embed each, within the 6000 total. */
export function renderContext(paragraphs: { heading: string; text: string; url: string | null }[]): MessagePayload {
  const embeds: APIEmbed[] = [];
  let total = 0;
  for (const p of paragraphs.slice(0, LIMITS.EMBEDS_PER_MESSAGE)) {
    const title = truncateOnWord(p.heading, LIMITS.EMBED_TITLE);
    const room = Math.min(LIMITS.EMBED_DESCRIPTION, LIMITS.EMBEDS_TOTAL_CHARACTERS - total - title.length);
    if (room < 100) break;
    const description = truncateOnWord(escapeQuote(p.text), room);
    embeds.push({ title, description, ...(p.url ? { url: p.url } : {}), color: COLOUR.answer });
    total += title.length + description.length;
  }
  return { embeds, components: [], allowedMentions: NO_MENTIONS };
}

/** Events per timeline page, and the page count: the same pages as `npm run timeline -- --page N` draws. */
export { EVENTS_PER_PAGE, timelinePageCount };

/**
 * One page of a timeline: each line the display date, the sentence (trimmed on a word boundary) and its
 * citation numbers, then the sources this page cites. ◀ ▶ buttons page through.
 */
export function renderTimelinePage(timeline: Timeline, page: number, timelineId: string, searched: string): MessagePayload {
  const title = truncateOnWord(`Timeline — ${searched}`, LIMITS.EMBED_TITLE);
  if (timeline.events.length === 0) {
    return {
      embeds: [{ title, description: noEventsMessage(timeline, escapeQuote(searched)), color: COLOUR.abstain }],
      components: [],
      allowedMentions: NO_MENTIONS,
    };
  }
  const pages = timelinePageCount(timeline);
  const p = Math.min(Math.max(0, page), pages - 1);
  const numbered = numberCitations(timeline.events);
  const refsOf = numbered.refs;
  const sources = numbered.sources.map(linkedCitation);
  // Every page lists the sources its events cite, by the numbers they carry on every page. They get their room
  // first: an event's sentence can be cut, a citation must stay checkable.
  const onPage = timeline.events.slice(p * EVENTS_PER_PAGE, (p + 1) * EVENTS_PER_PAGE);
  const cited = [...new Set(refsOf.slice(p * EVENTS_PER_PAGE, (p + 1) * EVENTS_PER_PAGE).flat())].sort((a, b) => a - b);
  const sourcesLength = cited.reduce((n, c) => n + Math.min(LIMITS.FIELD_VALUE, sources[c - 1].length + 10) + 1, 0);
  const room = LIMITS.EMBEDS_TOTAL_CHARACTERS - title.length - sourcesLength - 400;
  const perEvent = Math.max(60, Math.min(380, Math.floor(room / onPage.length) - 40));
  const lines = onPage.map((e, k) => {
    const refs = refMarks(refsOf[p * EVENTS_PER_PAGE + k]);
    return `**${displayEventDate(e)}** — ${truncateOnWord(escapeQuote(e.excerpt ?? e.text), perEvent)} ${refs}`;
  });
  const embed: APIEmbed = {
    title,
    description: truncateOnWord(lines.join('\n\n'), LIMITS.EMBED_DESCRIPTION),
    color: COLOUR.timeline,
    footer: {
      text: truncateOnWord(
        `Page ${p + 1} of ${pages} · ${timeline.events.length} events${timeline.truncated ? ` · ${truncationNote(timeline.truncated)}` : ''}`,
        LIMITS.FOOTER,
      ),
    },
  };
  {
    // Sources go in fields of up to 1024 characters, as many as the 6000 total allows.
    const fields: { name: string; value: string }[] = [];
    let budget = LIMITS.EMBEDS_TOTAL_CHARACTERS - embedLength(embed) - 100;
    let chunk: string[] = [];
    const flush = () => {
      if (!chunk.length) return;
      const value = chunk.join('\n');
      if (value.length + 10 <= budget && fields.length < LIMITS.EMBED_FIELDS) {
        fields.push({ name: fields.length ? 'Sources (cont.)' : 'Sources', value });
        budget -= value.length + 16;
      }
      chunk = [];
    };
    for (const n of cited) {
      const line = truncateOnWord(`**[${n}]** ${sources[n - 1]}`, LIMITS.FIELD_VALUE);
      if (chunk.join('\n').length + line.length + 1 > LIMITS.FIELD_VALUE) flush();
      chunk.push(line);
    }
    flush();
    embed.fields = fields;
  }
  const components =
    pages > 1
      ? [
          row(
            button(BUTTON.page(timelineId, p - 1), 'Previous', ButtonStyle.Secondary, '◀', p === 0),
            button(BUTTON.page(timelineId, p + 1), 'Next', ButtonStyle.Secondary, '▶', p === pages - 1),
          ),
        ]
      : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** A short ephemeral notice (cooldowns, bad input, permission). */
export function renderNotice(text: string): MessagePayload {
  return { content: truncateOnWord(text, LIMITS.CONTENT), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** An article as /article shows it. */
export interface ArticleCard {
  title: string;
  source?: string;
  date?: string;
  url?: string;
  authors: readonly string[];
  paragraphs: number;
  firstParagraph?: string;
}

/** The reply to /article add: what was added (or updated), its first paragraph, and a button to remove it again. */
export function renderArticleAdded(a: ArticleCard, updated: boolean, name: string): MessagePayload {
  const fields = [
    { name: 'Source', value: truncateOnWord(a.source ?? 'none given', LIMITS.FIELD_VALUE), inline: true },
    { name: 'Date', value: a.date ? displayDate(a.date) : 'none found (relative dates in it stay unresolved)', inline: true },
    { name: 'Paragraphs', value: String(a.paragraphs), inline: true },
    ...(a.authors.length ? [{ name: 'Authors', value: truncateOnWord(a.authors.join(', '), LIMITS.FIELD_VALUE), inline: false }] : []),
  ];
  return {
    content: updated
      ? 'Updated: an article with this address (or, for a file without one, this title) was added before; it now reads as below. Members of this server can ask about it now.'
      : "Added for this server: its members can ask about it now; other servers don't see it.",
    embeds: [
      {
        title: truncateOnWord(a.title, LIMITS.EMBED_TITLE),
        ...(a.url ? { url: a.url } : {}),
        ...(a.firstParagraph ? { description: `> ${quoteText(a.firstParagraph, 600)}` } : {}),
        fields,
        color: COLOUR.answer,
      },
    ],
    components: [row(button(BUTTON.removeArticle(name), 'Remove it', ButtonStyle.Secondary, '🗑️'))],
    allowedMentions: NO_MENTIONS,
  };
}

/** Asking a moderator to confirm a removal. */
export function renderRemovalQuestion(title: string, name: string): MessagePayload {
  return {
    content: `Remove “${escapeQuote(truncateOnWord(title, 200))}” from this server's articles? It stops answering at once; its file is deleted.`,
    embeds: [],
    components: [row(button(BUTTON.confirmRemoval(name), 'Remove', ButtonStyle.Primary, '🗑️'))],
    allowedMentions: NO_MENTIONS,
  };
}

/** Articles per page of /article list. */
export const ARTICLES_PER_PAGE = 10;

/** One page of /article list: newest first, each with its source and date, this server's own marked. */
export function renderArticleList(articles: readonly (ArticleCard & { own: boolean })[], page: number): MessagePayload {
  const pages = Math.max(1, Math.ceil(articles.length / ARTICLES_PER_PAGE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const lines = articles
    .slice(p * ARTICLES_PER_PAGE, (p + 1) * ARTICLES_PER_PAGE)
    .map(
      (a) =>
        `• ${a.url ? `[${escapeQuote(truncateOnWord(a.title, 150))}](${a.url})` : escapeQuote(truncateOnWord(a.title, 150))} — ${escapeQuote(a.source ?? 'no source')}, ${a.date ? displayDate(a.date) : 'undated'}${a.own ? ' · added here' : ''}`,
    );
  const own = articles.filter((a) => a.own).length;
  return {
    embeds: [
      {
        title: `Articles (${articles.length}${own ? `, ${own} added by this server's moderators` : ''})`,
        description: truncateOnWord(
          lines.join('\n') || 'No articles yet. Moderators can add one with /article add.',
          LIMITS.EMBED_DESCRIPTION,
        ),
        footer: { text: `Page ${p + 1} of ${pages} · newest first` },
        color: COLOUR.timeline,
      },
    ],
    components:
      pages > 1
        ? [
            row(
              button(BUTTON.articlePage(p - 1), 'Previous', ButtonStyle.Secondary, '◀', p === 0),
              button(BUTTON.articlePage(p + 1), 'Next', ButtonStyle.Secondary, '▶', p === pages - 1),
            ),
          ]
        : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** One message for a batch of new articles from a feed: their titles (linked), sources, and how to ask. */
export function renderFeedAnnouncement(
  feed: string,
  articles: readonly { title: string; source?: string; url?: string }[],
): MessagePayload {
  const lines = articles.map(
    (a) =>
      `• ${a.url ? `[${escapeQuote(truncateOnWord(a.title, 150))}](<${a.url}>)` : escapeQuote(truncateOnWord(a.title, 150))}${a.source ? ` — ${escapeQuote(a.source)}` : ''}`,
  );
  const head = `📰 ${articles.length} new article${articles.length === 1 ? '' : 's'} from ${escapeQuote(truncateOnWord(feed, 100))}; ask about them with /ask:`;
  return { content: truncateOnWord([head, ...lines].join('\n'), LIMITS.CONTENT), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** A followed topic's post lists at most this many articles in full; the rest are named in one line ("…and N more"). */
export const FOLLOW_ARTICLES_LISTED = 5;
/** An article dated more than this many days before it arrived is marked as older coverage, not news. */
export const OLDER_COVERAGE_DAYS = 3;

/** An article matched to a followed topic, and when it arrived (was matched). */
export interface FollowedArticle {
  match: TopicMatch;
  arrivedMs: number;
}

/**
 * One message for the articles of a followed topic that arrived together: each listed article's title (linked),
 * source and date, and the one or two sentences on the topic quoted with their citation numbers, as /ask quotes;
 * older coverage marked as such; past FOLLOW_ARTICLES_LISTED, the others' titles in one line. A "Timeline" button
 * opens /timeline for the topic. Nothing in it can ping: article text is escaped and allowed mentions are none.
 */
export function renderFollowPost(topic: string, articles: readonly FollowedArticle[]): MessagePayload {
  // Newest first; undated last.
  const sorted = [...articles].sort((a, b) => (b.match.date ?? '').localeCompare(a.match.date ?? ''));
  const listed = sorted.slice(0, FOLLOW_ARTICLES_LISTED);
  const rest = sorted.slice(FOLLOW_ARTICLES_LISTED);
  const { sources, refs } = numberCitations(
    listed.flatMap((a) => a.match.quotes.map((q) => ({ citations: [{ ...q.citation, url: q.citation.url ?? a.match.url }] }))),
  );
  const sourcesValue = fitLines(
    sources.map((c, i) => `**[${i + 1}]** ${linkedCitation(c)}`),
    LIMITS.FIELD_VALUE,
  );
  const title = truncateOnWord(`📌 ${topic}: ${articles.length} new article${articles.length === 1 ? '' : 's'}`, LIMITS.EMBED_TITLE);
  const more = rest.length
    ? truncateOnWord(`…and ${rest.length} more: ${rest.map((a) => escapeQuote(truncateOnWord(a.match.title, 80))).join('; ')}`, 600)
    : '';
  const footer = `Following “${truncateOnWord(topic, 100)}” in this channel. Quotes are exact sentences from the articles.`;
  const budget = Math.min(
    LIMITS.EMBED_DESCRIPTION,
    LIMITS.EMBEDS_TOTAL_CHARACTERS - title.length - 'Sources'.length - sourcesValue.length - footer.length - more.length - 200,
  );
  const perArticle = Math.floor(budget / Math.max(1, listed.length)) - 4;
  let quoteIndex = 0;
  const blocks = listed.map((a) => {
    const m = a.match;
    const name = escapeQuote(truncateOnWord(m.title, 200));
    const head = `**${m.url ? `[${name}](${m.url})` : name}** — ${escapeQuote(m.source ?? 'unknown source')}, ${m.date ? displayDate(m.date) : 'undated'}`;
    const arrived = new Date(a.arrivedMs).toISOString().slice(0, 10);
    const older =
      m.date && dayNumber(arrived) - dayNumber(m.date) > OLDER_COVERAGE_DAYS
        ? `\n-# Older coverage: published ${displayDate(m.date)}, it arrived here ${displayDate(arrived)}.`
        : '';
    const room = Math.max(60, Math.floor((perArticle - head.length - older.length) / Math.max(1, m.quotes.length)) - 12);
    const quotes = m.quotes.map((q) => `> ${quoteText(q.text, room)} ${refMarks(refs[quoteIndex++])}`);
    return [head + older, ...quotes].join('\n');
  });
  const embed: APIEmbed = {
    title,
    description: truncateOnWord([...blocks, ...(more ? [more] : [])].join('\n\n'), LIMITS.EMBED_DESCRIPTION),
    color: COLOUR.follow,
    ...(sources.length ? { fields: [{ name: 'Sources', value: sourcesValue }] } : {}),
    footer: { text: footer },
  };
  return {
    embeds: [embed],
    components: [row(button(BUTTON.followTimeline(topic), 'Timeline', ButtonStyle.Secondary, '🗓️'))],
    allowedMentions: NO_MENTIONS,
  };
}

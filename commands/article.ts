/**
 * /article add file:<upload> | url:<address> — a moderator adds an article to this server's own articles (only its
 * members see them), from a file or a web page; /article remove title:<…> removes one after a confirmation;
 * /article list shows every article the server's members are answered from, newest first, to anyone.
 */
import path from 'node:path';
import { MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { addArticle, type AddedArticle } from '../src/corpus/add-article.js';
import { removeServerArticle } from '../src/corpus/article-file.js';
import { MAX_FILE_BYTES, articleIdOf, CorpusFileError } from '../src/corpus/article.js';
import { NoArticleError } from '../src/corpus/extract-article.js';
import { fetchPage, FetchRefused } from '../src/corpus/fetch-page.js';
import { serverDirectory } from '../src/corpus/directory.js';
import { requireModerator } from '../src/discord/preconditions.js';
import {
  LIMITS,
  renderArticleAdded,
  renderArticleList,
  renderNotice,
  renderRemovalQuestion,
  type ArticleCard,
} from '../src/discord/render.js';
import { UserError, type BotContext, type CommandModule } from '../src/discord/types.js';
import { truncateOnWord } from '../src/language/truncate.js';
import { quickView } from '../src/discord/state-reads.js';

export const data = new SlashCommandBuilder()
  .setName('article')
  .setDescription("This server's articles: add one from a file or a link, remove one, list them")
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Add an article for this server (moderators): upload a file or give a link')
      .addAttachmentOption((o) => o.setName('file').setDescription('A .md, .txt or saved .html article (at most 5 MB)'))
      .addStringOption((o) => o.setName('url').setDescription('The address of a news article page').setMaxLength(2000)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription("Remove one of this server's articles (moderators)")
      .addStringOption((o) => o.setName('title').setDescription('The article to remove').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName('list')
      .setDescription('The articles this server is answered from, newest first')
      .addIntegerOption((o) => o.setName('page').setDescription('Page number').setMinValue(1)),
  );

export const defer: CommandModule['defer'] = 'ephemeral';

export const check: CommandModule['check'] = (interaction) => {
  const sub = interaction.options.getSubcommand();
  if (sub === 'list') return;
  if (!interaction.inGuild()) throw new UserError("Articles belong to a server: use /article in the server you're adding it for.");
  requireModerator(interaction, sub === 'add' ? 'add articles' : 'remove articles');
  if (sub === 'add') {
    const file = interaction.options.getAttachment('file');
    const url = interaction.options.getString('url');
    if (!file === !url) throw new UserError('Give either a file or a url, one of the two.');
    // Checked before anything is downloaded, from what Discord says of the upload.
    if (file && file.size > MAX_FILE_BYTES)
      throw new UserError(
        `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; an article can be at most ${MAX_FILE_BYTES / 1048576} MB.`,
      );
  }
};

/** The refusal a moderator reads when an add fails for a reason they can act on. */
function refusal(err: unknown): UserError | undefined {
  if (err instanceof FetchRefused || err instanceof NoArticleError || err instanceof CorpusFileError)
    return new UserError(`Not added: ${err.message.replace(/\.$/, '')}.`);
  return undefined;
}

/** The file's name without extension: what the remove buttons carry (the server comes from the interaction). */
function nameOf(file: string): string {
  return articleIdOf(path.basename(file));
}

function cardOf(added: AddedArticle): ArticleCard {
  const a = added.article;
  return {
    title: a.title,
    source: a.source,
    ...(a.date ? { date: a.date } : {}),
    ...(a.url ? { url: a.url } : {}),
    authors: a.authors,
    paragraphs: a.paragraphs.length,
    ...(a.paragraphs[0] ? { firstParagraph: a.paragraphs[0].text } : {}),
  };
}

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const server = interaction.guildId!;
  const fetch = { allowPrivate: ctx.config.FETCH_ALLOW_PRIVATE };
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url');
  let added: AddedArticle;
  try {
    if (file) {
      // Discord's copy of the upload, held to the same size limit while it downloads; its type is checked by
      // its name and its bytes, as a corpus file is.
      const page = await fetchPage(file.url, { ...fetch, anyType: true });
      added = await addArticle({ file: file.name, bytes: page.body }, { corpusDir: ctx.indexes.corpusDir, server, fetch });
    } else added = await addArticle({ url: url! }, { corpusDir: ctx.indexes.corpusDir, server, fetch });
  } catch (err) {
    throw refusal(err) ?? err;
  }
  // Noted for every shard and replica, and made now, so the reply says it is served; the server's followed topics
  // are matched against it.
  await ctx.indexes.serverArticlesChanged(server, [articleIdOf(added.file)]);
  await ctx.indexes.forServer(server);
  ctx.logger.info({ interactionId: interaction.id, guild: server, file: added.file, updated: added.updated }, 'article added');
  await interaction.editReply(renderArticleAdded(cardOf(added), added.updated, nameOf(added.file)));
}

/** The server's own articles in its view, with the names their remove buttons carry. */
async function ownArticles(ctx: BotContext, server: string) {
  const index = await quickView(ctx, server);
  const prefix = `${serverDirectory(server)}/`;
  return index
    .allArticles()
    .filter((a) => a.id.startsWith(prefix))
    .map((a) => ({ article: a, name: path.basename(a.id) }));
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const server = interaction.guildId!;
  const wanted = interaction.options.getString('title', true);
  const own = await ownArticles(ctx, server);
  // The autocomplete gives the file's name; a title typed in full is found too.
  const found = own.find((o) => o.name === wanted) ?? own.find((o) => o.article.title.toLowerCase() === wanted.trim().toLowerCase());
  if (!found)
    throw new UserError(`This server has no article “${truncateOnWord(wanted, 100)}” of its own; /article list shows them ("added here").`);
  await interaction.editReply(renderRemovalQuestion(found.article.title, found.name));
}

async function list(interaction: ChatInputCommandInteraction | ButtonInteraction, ctx: BotContext, page: number) {
  const index = await quickView(ctx, interaction.guildId);
  const prefix = interaction.guildId ? `${serverDirectory(interaction.guildId)}/` : undefined;
  const articles = index
    .allArticles()
    .map((a) => ({
      title: a.title,
      source: a.source,
      ...(a.date ? { date: a.date } : {}),
      ...(a.url ? { url: a.url } : {}),
      authors: a.authors,
      paragraphs: a.paragraphCount,
      own: prefix !== undefined && a.id.startsWith(prefix),
    }))
    // Newest first; undated last.
    .sort((x, y) => (y.date ?? '').localeCompare(x.date ?? '') || x.title.localeCompare(y.title));
  return renderArticleList(articles, page);
}

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const sub = interaction.options.getSubcommand();
  if (sub === 'add') return add(interaction, ctx);
  if (sub === 'remove') return remove(interaction, ctx);
  await interaction.editReply(await list(interaction, ctx, (interaction.options.getInteger('page') ?? 1) - 1));
};

export const autocomplete: CommandModule['autocomplete'] = async (interaction, ctx) => {
  const server = interaction.guildId;
  if (!server) return interaction.respond([]);
  const typed = interaction.options.getFocused().toLowerCase();
  const choices = (await ownArticles(ctx, server))
    .filter((o) => !typed || o.article.title.toLowerCase().includes(typed))
    .sort((a, b) => (b.article.date ?? '').localeCompare(a.article.date ?? ''))
    .slice(0, LIMITS.AUTOCOMPLETE_CHOICES)
    .map((o) => ({ name: truncateOnWord(`${o.article.title} — ${o.article.source}`, LIMITS.CHOICE_LENGTH), value: o.name }));
  await interaction.respond(choices);
};

export const buttons: CommandModule['buttons'] = [
  {
    prefix: 'art',
    async handle(interaction, ctx, [action, value]) {
      if (action === 'ls') {
        await interaction.update(await list(interaction, ctx, Number(value) || 0));
        return;
      }
      requireModerator(interaction, 'remove articles');
      const server = interaction.guildId!;
      const found = (await ownArticles(ctx, server)).find((o) => o.name === value);
      if (action === 'rm') {
        if (!found) throw new UserError('This article is no longer among the server’s own; nothing to remove.');
        await interaction.reply({ ...renderRemovalQuestion(found.article.title, found.name), flags: MessageFlags.Ephemeral });
        return;
      }
      if (action !== 'rmok') throw new UserError('This button is no longer active.');
      const removed = await removeServerArticle(ctx.indexes.corpusDir, server, value);
      if (!removed) throw new UserError('This article was removed already.');
      await ctx.indexes.serverArticlesChanged(server);
      await ctx.indexes.forServer(server);
      ctx.logger.info({ interactionId: interaction.id, guild: server, file: removed }, 'article removed');
      await interaction.update(
        renderNotice(`Removed “${truncateOnWord(found?.article.title ?? value, 200)}”: it no longer answers in this server.`),
      );
    },
  },
];

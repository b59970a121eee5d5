/**
 * Each Discord server sees the operator's articles (CORPUS_DIR, shared by every server) and its own, the ones its
 * moderators added (CORPUS_DIR/servers/<id>/); no other server's. A server with articles of its own is answered
 * from a view: an index of the shared articles and its own, made by merging a small index of its files into the
 * shared one, so that everything the index knows (quotes, counts, acronyms, the vocabulary that spelling and
 * autocomplete draw on) holds nothing of another server's. Views are made on first use and again when the
 * server's files or the shared index change, so an article added on another shard or replica is seen at once;
 * a server without articles of its own is answered from the shared index itself, at no cost.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isArticleFile, listCorpusFiles, loadCorpusFiles } from '../corpus/directory.js';
import { buildPart, mergeParts, NewsIndex } from './news-index.js';

/** A Discord server id: the only servers that can own articles. */
const SERVER_ID = /^\d{17,20}$/;

interface View {
  /** The shared index it was made from: a new one (a reindex, a reloaded snapshot) makes it stale. */
  base: NewsIndex;
  /** The server's files, with their sizes and times, when it was made. */
  files: string;
  index: NewsIndex;
}

export class ServerViews {
  private readonly views = new Map<string, View>();
  private readonly making = new Map<string, Promise<View>>();

  constructor(
    private readonly corpusDir: string,
    private readonly shared: () => NewsIndex,
  ) {}

  /** The index a server's members are answered from (undefined: a direct message, the shared articles only). */
  async indexFor(server: string | null | undefined): Promise<NewsIndex> {
    return (await this.viewFor(server))?.index ?? this.shared();
  }

  private async viewFor(server: string | null | undefined): Promise<View | undefined> {
    if (!server || !SERVER_ID.test(server)) return undefined;
    const base = this.shared();
    let listing;
    try {
      listing = await listCorpusFiles(this.corpusDir, { server });
    } catch {
      // The corpus directory cannot be read just now (moved, a volume gone): the view made last stays, as the
      // shared index does; a server with none is answered from the shared articles.
      return this.views.get(server);
    }
    const files = listing.files.filter(isArticleFile);
    if (!files.length) {
      this.views.delete(server);
      return undefined;
    }
    const stamp = (
      await Promise.all(
        files.map(async (f) => {
          const s = await stat(path.join(this.corpusDir, f)).catch(() => undefined);
          return `${f}:${s?.size}:${s?.mtimeMs}`;
        }),
      )
    ).join('\n');
    const known = this.views.get(server);
    if (known && known.base === base && known.files === stamp) return known;
    // One making per server at a time: members asking together wait for the same view.
    const key = `${server}\n${stamp}`;
    let making = this.making.get(key);
    if (!making) {
      making = this.make(base, files, stamp).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    const view = await making;
    this.views.set(server, view);
    return view;
  }

  private async make(base: NewsIndex, files: string[], stamp: string): Promise<View> {
    const own = await loadCorpusFiles(this.corpusDir, files);
    const merged = mergeParts([{ snapshot: base.toSnapshot() }, { snapshot: buildPart(own.articles) }]);
    return { base, files: stamp, index: await NewsIndex.fromSnapshotAsync(merged) };
  }
}

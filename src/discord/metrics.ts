/**
 * Prometheus metrics (prom-client), served as text on GET /metrics: interactions by command and outcome,
 * latency per command, the index's size, reindexes, the gateway's ping, and the process's own figures
 * (event-loop lag, memory, CPU) from prom-client's default collectors. Labels never hold a member's text or id.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How an interaction ended, as logged and counted. */
export type Outcome = 'answered' | 'abstained' | 'user error' | 'failed';

/** What the gauges read when scraped. */
export interface MetricsSource {
  index(): { articles: number; paragraphs: number } | undefined;
  /** Servers' own articles' indexes in memory (index/server-views.ts). */
  serverIndexes(): { servers: number; bytes: number } | undefined;
  /** Gateway heartbeat round trip in ms; undefined in HTTP mode or before the first heartbeat. */
  gatewayPingMs(): number | undefined;
}

export class BotMetrics {
  readonly registry = new Registry();
  private readonly interactions: Counter<'command' | 'outcome'>;
  private readonly latency: Histogram<'command'>;
  private readonly reindexSeconds: Histogram;
  private readonly reindexFailures: Counter;
  private readonly indexReloads: Counter<'result'>;
  private readonly shortAnswers: Counter<'stated'>;
  private readonly shortAnswerConfidence: Histogram;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'newsdesk_' });
    this.interactions = new Counter({
      name: 'newsdesk_interactions_total',
      help: 'Interactions handled, by command (or button:<prefix>, autocomplete:<command>) and outcome',
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'newsdesk_interaction_duration_seconds',
      help: 'Time from receiving an interaction to its final reply, by command',
      labelNames: ['command'],
      // Discord's 3 s to acknowledge, and the 15 minutes an interaction token lives, bound what matters.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.reindexSeconds = new Histogram({
      name: 'newsdesk_reindex_duration_seconds',
      help: 'Duration of the /reindex runs that succeeded',
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.reindexFailures = new Counter({ name: 'newsdesk_reindex_failures_total', help: '/reindex runs that failed', registers });
    this.shortAnswers = new Counter({
      name: 'newsdesk_short_answers_total',
      help: 'Short answers judged by /ask, by whether they were stated (their confidence reached the threshold) or not',
      labelNames: ['stated'],
      registers,
    });
    this.shortAnswerConfidence = new Histogram({
      name: 'newsdesk_short_answer_confidence',
      help: 'The confidence of the short answers /ask judged, stated or not',
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    });
    this.indexReloads = new Counter({
      name: 'newsdesk_index_reloads_total',
      help: 'Index snapshots another process saved, loaded by this one (result: ok or failed)',
      labelNames: ['result'],
      registers,
    });
    new Gauge({
      name: 'newsdesk_index_articles',
      help: 'Articles in the serving index',
      registers,
      collect() {
        this.set(source.index()?.articles ?? 0);
      },
    });
    new Gauge({
      name: 'newsdesk_index_paragraphs',
      help: 'Paragraphs in the serving index',
      registers,
      collect() {
        this.set(source.index()?.paragraphs ?? 0);
      },
    });
    new Gauge({
      name: 'newsdesk_server_indexes',
      help: 'Servers whose own articles are indexed in memory (dropped least recently used past SERVER_INDEX_BUDGET_MB)',
      registers,
      collect() {
        this.set(source.serverIndexes()?.servers ?? 0);
      },
    });
    new Gauge({
      name: 'newsdesk_server_index_bytes',
      help: "Estimated memory of the servers' own articles' indexes, against SERVER_INDEX_BUDGET_MB",
      registers,
      collect() {
        this.set(source.serverIndexes()?.bytes ?? 0);
      },
    });
    new Gauge({
      name: 'newsdesk_gateway_ping_seconds',
      help: 'Gateway heartbeat round trip (-1: none yet, or HTTP mode)',
      registers,
      collect() {
        const ms = source.gatewayPingMs();
        this.set(ms === undefined || ms < 0 ? -1 : ms / 1000);
      },
    });
  }

  interaction(command: string, outcome: Outcome, ms: number): void {
    this.interactions.inc({ command, outcome });
    this.latency.observe({ command }, ms / 1000);
  }

  /** A short answer /ask judged: how sure, and whether it was stated. */
  shortAnswer(confidence: number, stated: boolean): void {
    this.shortAnswers.inc({ stated: String(stated) });
    this.shortAnswerConfidence.observe(confidence);
  }

  reindex(ok: boolean, ms?: number): void {
    if (ok && ms !== undefined) this.reindexSeconds.observe(ms / 1000);
    if (!ok) this.reindexFailures.inc();
  }

  reload(ok: boolean): void {
    this.indexReloads.inc({ result: ok ? 'ok' : 'failed' });
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

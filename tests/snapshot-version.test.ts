/**
 * SNAPSHOT_VERSION must change whenever what a snapshot holds changes: its fields and arrays, or what the
 * analyzer, sentence splitter, date resolver or acronym learner put in them. A saved snapshot of another
 * version is rebuilt; one of the same version is served as it is, so an unbumped change would serve stale data.
 *
 * This test indexes a fixed little corpus and compares a digest of the snapshot with the one recorded for the
 * current version in tests/fixtures/snapshot-digests.json.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../src/index/build/pipeline.js';
import { SNAPSHOT_VERSION } from '../src/index/news-index.js';

const DIGESTS = path.join(import.meta.dirname, 'fixtures', 'snapshot-digests.json');

const ARTICLES: Record<string, string> = {
  'colombia.md': `---
title: Colombia joins the Belt and Road Initiative
source: Example Wire
date: 2025-05-14
url: https://example.com/colombia
---
BOGOTA (Example Wire) - Colombia signed a cooperation plan for the Belt and Road Initiative (BRI) on Tuesday.

On Monday Petro said Colombia would join the BRI, which China started in 2013.

The plan is expected to be complete by 2026, officials said in March.
`,
  'panama.txt': `Panama leaves the BRI

By A. Reporter
February 7, 2025

Panama said last week it was exiting the Belt and Road Initiative, the first Latin American country to do so.

The decision followed a visit by the U.S. Secretary of State, who met President José Raúl Mulino.
`,
};

/** A digest of plain data: typed arrays by kind and bytes, objects by sorted keys. */
function digestOf(value: unknown, hash = createHash('sha256')): ReturnType<typeof createHash> {
  if (ArrayBuffer.isView(value)) {
    hash.update(`${value.constructor.name}:${value.byteLength}:`);
    hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}`);
    for (const v of value) digestOf(v, hash);
    hash.update(']');
  } else if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    hash.update(`{${keys.join(',')}`);
    for (const k of keys) digestOf((value as Record<string, unknown>)[k], hash);
    hash.update('}');
  } else {
    hash.update(`${typeof value}:${String(value)};`);
  }
  return hash;
}

describe('snapshot version', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-version-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is bumped whenever the snapshot built from a fixed corpus changes', async () => {
    for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(path.join(dir, name), text);
    const { snapshot } = await buildSnapshot(dir, { threads: 1 });
    const digest = digestOf(snapshot).digest('hex');
    const recorded = JSON.parse(readFileSync(DIGESTS, 'utf8')) as Record<string, string>;
    const expected = recorded[String(SNAPSHOT_VERSION)];
    expect(
      expected,
      `no digest recorded for SNAPSHOT_VERSION ${SNAPSHOT_VERSION}: add "${SNAPSHOT_VERSION}": "${digest}" to ${DIGESTS}`,
    ).toBeDefined();
    expect(
      digest,
      `the snapshot changed but SNAPSHOT_VERSION is still ${SNAPSHOT_VERSION}: bump it in src/index/news-index.ts and record "${SNAPSHOT_VERSION + 1}": "${digest}" in ${DIGESTS}`,
    ).toBe(expected);
  });
});

// The query side of library search: turns what a user typed into a safe FTS5
// MATCH expression over the `search` table. Each word becomes a quoted prefix
// term, so FTS5 operators in the input (AND, NEAR, quotes, colons, stars) are
// plain text and cannot break or widen the query. Case and accents are folded
// by the table's tokenizer (unicode61 remove_diacritics 2), on both sides.

/** The longest input we turn into a query; the rest is ignored. */
const maxInput = 200;
const maxTerms = 12;

/**
 * Builds an FTS5 MATCH string from user input: every word must match as a
 * prefix (`beth pray` finds "Sinner's Prayer" by Beth Hart). Returns null
 * when the input has no searchable word, so the caller can answer empty.
 */
export function searchQuery(text: string): string | null {
  const words = text
    .slice(0, maxInput)
    .normalize('NFC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, maxTerms);
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

/** Apostrophes as tags write them: ASCII, typographic and the modifier letter. */
const apostrophes = /['\u2019\u02bc]/gu;

/**
 * The text the search table indexes for a name or title. The tokenizer
 * splits words at apostrophes ("Don't" is "don" and "t"), so a word that
 * has one is indexed joined as well: typing "dont" finds "Don't Stop" and
 * "guns n roses" finds "Guns N' Roses", while "don't" still matches the
 * split form. Migration 008 applies the same rule to existing rows.
 */
export function searchableText(text: string): string {
  const joined = text.replace(apostrophes, '');
  return joined === text ? text : `${text} ${joined}`;
}

/** Kinds of entries in the search table. */
export type SearchKind = 'artist' | 'album' | 'track';

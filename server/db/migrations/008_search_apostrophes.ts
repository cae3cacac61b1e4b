// Search entries with an apostrophe also hold their words joined, the rule of
// searchableText() in library/search.ts: the tokenizer splits "Don't" into
// "don" and "t", so typing "dont" found nothing. New scans write the joined
// form themselves; a rescan skips unchanged files, so existing rows get it
// here (the search_doc_update trigger re-indexes each one).
export const sql = `
UPDATE search_doc
  SET text = text || ' ' ||
    replace(replace(replace(text, '''', ''), char(8217), ''), char(700), '')
  WHERE text GLOB '*[''' || char(8217) || char(700) || ']*';
`;

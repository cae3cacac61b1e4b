// One correction to music-metadata, applied inside parse threads: for ID3v2.3
// and 2.2 it splits artist frames on every "/", so the band "Their / They're /
// There" becomes three artists and no reader can tell a spaced slash from a
// bare one afterwards. Keeping the frame whole (NUL still splits) lets the
// alias table in ../tags.ts decide, as it does for every other format.
// The patch reaches one internal module of the pinned music-metadata 11; if
// that module changes shape, the scan still works with music-metadata's split.

interface FrameParserClass {
  prototype: {
    splitValue?: (this: { major: number }, tag: string, text: string) => string[];
  };
  trimArray?: (values: string[]) => string[];
}

let applied = false;

/** Keeps ID3v2.3/2.2 text frames whole except at NULs. Returns whether it applied. */
export async function keepId3SlashesWhole(): Promise<boolean> {
  if (applied) return true;
  try {
    const entry = import.meta.resolve('music-metadata');
    const url = new URL('./id3v2/FrameParser.js', entry).href;
    const mod = (await import(url)) as { FrameParser?: FrameParserClass };
    const parser = mod.FrameParser;
    const original = parser?.prototype.splitValue;
    const trim = parser?.trimArray;
    if (!parser || !original || !trim) return false;
    parser.prototype.splitValue = function (tag, text) {
      if (this.major >= 4) return original.call(this, tag, text);
      return trim(text.split('\0'));
    };
    applied = true;
  } catch {
    return false;
  }
  return applied;
}

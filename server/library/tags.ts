// Tag aliases as data. Each Hearth field lists, per tag family, the native
// keys that carry it, and how one value splits into several. The tag reader
// (scanner/tag-reader.ts) only interprets this table: adding an alias or a
// separator never touches the scanner. Keys match case-insensitively, so
// Vorbis "AlbumArtist", APE "Album Artist" and TXXX "RePlAyGaIn_..." all work.

/** Tag families, named after music-metadata's tag types they cover. */
export type TagFamily =
  | 'vorbis'
  | 'mp4'
  | 'asf'
  | 'matroska'
  | 'id3v24'
  | 'id3v23'
  | 'id3v22'
  | 'ape'
  | 'riff'
  | 'aiff'
  | 'id3v1';

/** music-metadata's tag type names, mapped to a family. */
export const tagTypeFamily: Record<string, TagFamily> = {
  vorbis: 'vorbis',
  iTunes: 'mp4',
  asf: 'asf',
  matroska: 'matroska',
  'ID3v2.4': 'id3v24',
  'ID3v2.3': 'id3v23',
  'ID3v2.2': 'id3v22',
  APEv2: 'ape',
  exif: 'riff',
  AIFF: 'aiff',
  ID3v1: 'id3v1',
};

/**
 * Which family wins when a file carries several. A field is read from the
 * first family that has it. APE sits above ID3v2, as in music-metadata: an
 * APE tag on an MP3 was added later, by a tool that meant it. ID3v1 comes
 * last: its 30-byte Latin-1 fields truncate names and garble other scripts
 * (CP949 Korean reads as "º¸°í").
 */
export const familyPriority: TagFamily[] = [
  'vorbis',
  'mp4',
  'asf',
  'matroska',
  'ape',
  'id3v24',
  'id3v23',
  'id3v22',
  'riff',
  'aiff',
  'id3v1',
];

type Aliases = Partial<Record<TagFamily | 'id3v2', string[]>>;

export interface TagField {
  /** Native keys per family; 'id3v2' applies to 2.2, 2.3 and 2.4. */
  aliases: Aliases;
  /** Several values are kept (artists, genres); else the first value wins. */
  multi?: boolean;
  /** Separators that split one stored value into several (multi fields). */
  split?: RegExp;
  /** Extra separators for ID3v2.3 and 2.2, whose standard joins with "/". */
  splitId3v23?: RegExp;
}

const itunes = (name: string) => `----:com.apple.iTunes:${name}`;

/**
 * Artist-like values split on ";" and on NUL (ID3v2.4's separator, also used
 * by some v2.3 taggers). ID3v2.3 also joins with "/", but only a bare slash
 * separates: "Their / They're / There" is one name with spaced slashes.
 */
const artistSplit = /\s*;\s*|\0/;
const slashSplit = /(?<=\S)\/(?=\S)/;

/** Names that contain a separator but are one artist. */
export const unsplittableNames = ['AC/DC', 'AC;DC'];

const mbid = (vorbis: string, picard: string, asf: string): Aliases => ({
  vorbis: [vorbis],
  ape: [vorbis],
  matroska: [`track:${vorbis}`],
  id3v2: [`TXXX:${picard}`],
  mp4: [itunes(picard)],
  asf: [asf],
});

/** Every field the scanner reads, with its aliases. */
export const tagFields = {
  title: {
    aliases: {
      id3v2: ['TIT2', 'TT2'],
      vorbis: ['TITLE'],
      mp4: ['©nam'],
      asf: ['Title'],
      ape: ['Title'],
      riff: ['INAM'],
      aiff: ['NAME'],
      matroska: ['track:TITLE'],
      id3v1: ['title'],
    },
  },
  artist: {
    aliases: {
      id3v2: ['TPE1', 'TP1'],
      vorbis: ['ARTIST'],
      mp4: ['©ART'],
      asf: ['Author', 'WM/Author'],
      ape: ['Artist'],
      riff: ['IART'],
      aiff: ['AUTH'],
      matroska: ['track:ARTIST'],
      id3v1: ['artist'],
    },
    multi: true,
    split: artistSplit,
    splitId3v23: slashSplit,
  },
  /** Picard's list of credited artists; used only when ARTIST is absent. */
  artists: {
    aliases: {
      id3v2: ['TXXX:ARTISTS'],
      vorbis: ['ARTISTS'],
      mp4: [itunes('ARTISTS')],
      asf: ['WM/ARTISTS'],
      ape: ['Artists'],
    },
    multi: true,
    split: artistSplit,
  },
  albumArtist: {
    aliases: {
      id3v2: ['TPE2', 'TP2', 'TXXX:ALBUMARTIST', 'TXXX:ALBUM ARTIST'],
      vorbis: ['ALBUMARTIST', 'ALBUM ARTIST', 'ALBUM_ARTIST'],
      mp4: ['aART'],
      asf: ['WM/AlbumArtist'],
      ape: ['Album Artist', 'AlbumArtist'],
      matroska: ['album:ARTIST'],
    },
    multi: true,
    split: artistSplit,
    splitId3v23: slashSplit,
  },
  album: {
    aliases: {
      id3v2: ['TALB', 'TAL'],
      vorbis: ['ALBUM'],
      mp4: ['©alb'],
      asf: ['WM/AlbumTitle'],
      ape: ['Album'],
      riff: ['IPRD'],
      matroska: ['album:TITLE'],
      id3v1: ['album'],
    },
  },
  track: {
    aliases: {
      id3v2: ['TRCK', 'TRK', 'TXXX:TRACKNUMBER'],
      vorbis: ['TRACKNUMBER', 'TRACK'],
      mp4: ['trkn'],
      asf: ['WM/TrackNumber'],
      ape: ['Track'],
      riff: ['ITRK', 'IPRT', 'TRCK'],
      matroska: ['track:PART_NUMBER'],
      id3v1: ['track'],
    },
  },
  trackTotal: {
    aliases: {
      id3v2: ['TXXX:TRACKTOTAL', 'TXXX:TOTALTRACKS'],
      vorbis: ['TRACKTOTAL', 'TOTALTRACKS'],
      ape: ['TrackTotal', 'TotalTracks'],
      matroska: ['album:TOTAL_PARTS'],
    },
  },
  disc: {
    aliases: {
      id3v2: ['TPOS', 'TPA', 'TXXX:DISCNUMBER'],
      vorbis: ['DISCNUMBER', 'DISC'],
      mp4: ['disk', itunes('Part of a set')],
      asf: ['WM/PartOfSet'],
      ape: ['Disc', 'DiscNumber'],
    },
  },
  discTotal: {
    aliases: {
      id3v2: ['TXXX:DISCTOTAL', 'TXXX:TOTALDISCS'],
      vorbis: ['DISCTOTAL', 'TOTALDISCS'],
      ape: ['DiscTotal', 'TotalDiscs'],
    },
  },
  discSubtitle: {
    aliases: {
      id3v2: ['TSST', 'TXXX:DISCSUBTITLE'],
      vorbis: ['DISCSUBTITLE'],
      mp4: [itunes('DISCSUBTITLE')],
      asf: ['WM/SetSubTitle'],
      ape: ['DiscSubtitle'],
    },
  },
  date: {
    aliases: {
      id3v2: ['TDRC', 'TYER', 'TYE', 'TDOR', 'TORY', 'TXXX:DATE'],
      vorbis: ['DATE', 'YEAR', 'ORIGINALDATE', 'ORIGINALYEAR'],
      mp4: ['©day'],
      asf: ['WM/Year', 'WM/OriginalReleaseYear', 'date'],
      ape: ['Year', 'Date'],
      riff: ['ICRD'],
      matroska: ['album:DATE_RELEASED', 'album:DATE_RECORDED', 'track:DATE_RECORDED'],
      id3v1: ['year'],
    },
  },
  genre: {
    aliases: {
      id3v2: ['TCON', 'TCO'],
      vorbis: ['GENRE'],
      mp4: ['©gen', 'gnre'],
      asf: ['WM/Genre'],
      ape: ['Genre'],
      riff: ['IGNR'],
      matroska: ['track:GENRE', 'album:GENRE'],
      id3v1: ['genre'],
    },
    multi: true,
    split: /\s*;\s*|\0/,
  },
  compilation: {
    aliases: {
      id3v2: ['TCMP', 'TCP', 'TXXX:COMPILATION'],
      vorbis: ['COMPILATION'],
      mp4: ['cpil'],
      asf: ['WM/IsCompilation'],
      ape: ['Compilation'],
    },
  },
  releaseType: {
    aliases: {
      id3v2: ['TXXX:MusicBrainz Album Type', 'TXXX:RELEASETYPE'],
      vorbis: ['RELEASETYPE', 'MUSICBRAINZ_ALBUMTYPE'],
      mp4: [itunes('MusicBrainz Album Type'), itunes('RELEASETYPE')],
      asf: ['MusicBrainz/Album Type'],
      ape: ['MUSICBRAINZ_ALBUMTYPE', 'RELEASETYPE'],
    },
    multi: true,
    split: /\s*[;,/]\s*|\0/,
  },
  composer: {
    aliases: {
      id3v2: ['TCOM', 'TCM'],
      vorbis: ['COMPOSER'],
      mp4: ['©wrt'],
      asf: ['WM/Composer'],
      ape: ['Composer'],
      riff: ['IMUS', 'IWRI'],
    },
    multi: true,
    split: artistSplit,
    splitId3v23: slashSplit,
  },
  lyricist: {
    aliases: {
      id3v2: ['TEXT', 'TXT', 'TXXX:LYRICIST'],
      vorbis: ['LYRICIST'],
      mp4: [itunes('LYRICIST')],
      asf: ['WM/Writer'],
      ape: ['Lyricist'],
    },
    multi: true,
    split: artistSplit,
    splitId3v23: slashSplit,
  },
  conductor: {
    aliases: {
      id3v2: ['TPE3', 'TP3'],
      vorbis: ['CONDUCTOR'],
      mp4: [itunes('CONDUCTOR')],
      asf: ['WM/Conductor'],
      ape: ['Conductor'],
    },
    multi: true,
    split: artistSplit,
    splitId3v23: slashSplit,
  },
  remixer: {
    aliases: {
      id3v2: ['TPE4', 'TP4'],
      vorbis: ['REMIXER', 'MIXARTIST'],
      mp4: [itunes('REMIXER')],
      asf: ['WM/ModifiedBy'],
      ape: ['MixArtist', 'Remixer'],
    },
    multi: true,
    split: artistSplit,
    splitId3v23: slashSplit,
  },
  producer: {
    aliases: {
      id3v2: ['TXXX:PRODUCER'],
      vorbis: ['PRODUCER'],
      mp4: [itunes('PRODUCER')],
      asf: ['WM/Producer'],
      ape: ['Producer'],
    },
    multi: true,
    split: artistSplit,
  },
  arranger: {
    aliases: {
      id3v2: ['TXXX:ARRANGER'],
      vorbis: ['ARRANGER'],
      mp4: [itunes('ARRANGER')],
      ape: ['Arranger'],
    },
    multi: true,
    split: artistSplit,
  },
  titleSort: {
    aliases: {
      id3v2: ['TSOT'],
      vorbis: ['TITLESORT'],
      mp4: ['sonm'],
      asf: ['WM/TitleSortOrder'],
      ape: ['TitleSort'],
    },
  },
  artistSort: {
    aliases: {
      id3v2: ['TSOP', 'XSOP'],
      vorbis: ['ARTISTSORT'],
      mp4: ['soar'],
      asf: ['WM/ArtistSortOrder'],
      ape: ['ArtistSort'],
    },
  },
  albumSort: {
    aliases: {
      id3v2: ['TSOA'],
      vorbis: ['ALBUMSORT'],
      mp4: ['soal'],
      asf: ['WM/AlbumSortOrder'],
      ape: ['AlbumSort'],
    },
  },
  albumArtistSort: {
    aliases: {
      id3v2: ['TSO2', 'TXXX:ALBUMARTISTSORT'],
      vorbis: ['ALBUMARTISTSORT'],
      mp4: ['soaa'],
      asf: ['WM/AlbumArtistSortOrder'],
      ape: ['AlbumArtistSort'],
    },
  },
  comment: {
    aliases: {
      id3v2: ['COMM', 'COM'],
      vorbis: ['COMMENT', 'DESCRIPTION'],
      mp4: ['©cmt'],
      asf: ['Description', 'WM/Comments'],
      ape: ['Comment'],
      riff: ['ICMT'],
      matroska: ['track:COMMENT'],
      id3v1: ['comment'],
    },
  },
  rgTrackGain: {
    aliases: {
      id3v2: ['TXXX:REPLAYGAIN_TRACK_GAIN'],
      vorbis: ['REPLAYGAIN_TRACK_GAIN'],
      mp4: [itunes('replaygain_track_gain')],
      asf: ['REPLAYGAIN_TRACK_GAIN'],
      ape: ['REPLAYGAIN_TRACK_GAIN'],
    },
  },
  rgTrackPeak: {
    aliases: {
      id3v2: ['TXXX:REPLAYGAIN_TRACK_PEAK'],
      vorbis: ['REPLAYGAIN_TRACK_PEAK'],
      mp4: [itunes('replaygain_track_peak')],
      asf: ['REPLAYGAIN_TRACK_PEAK'],
      ape: ['REPLAYGAIN_TRACK_PEAK'],
    },
  },
  rgAlbumGain: {
    aliases: {
      id3v2: ['TXXX:REPLAYGAIN_ALBUM_GAIN'],
      vorbis: ['REPLAYGAIN_ALBUM_GAIN'],
      mp4: [itunes('replaygain_album_gain')],
      asf: ['REPLAYGAIN_ALBUM_GAIN'],
      ape: ['REPLAYGAIN_ALBUM_GAIN'],
    },
  },
  rgAlbumPeak: {
    aliases: {
      id3v2: ['TXXX:REPLAYGAIN_ALBUM_PEAK'],
      vorbis: ['REPLAYGAIN_ALBUM_PEAK'],
      mp4: [itunes('replaygain_album_peak')],
      asf: ['REPLAYGAIN_ALBUM_PEAK'],
      ape: ['REPLAYGAIN_ALBUM_PEAK'],
    },
  },
  mbTrackId: {
    aliases: {
      ...mbid('MUSICBRAINZ_TRACKID', 'MusicBrainz Track Id', 'MusicBrainz/Track Id'),
      id3v2: ['UFID:http://musicbrainz.org', 'TXXX:MusicBrainz Track Id'],
    },
  },
  mbReleaseTrackId: {
    aliases: mbid(
      'MUSICBRAINZ_RELEASETRACKID',
      'MusicBrainz Release Track Id',
      'MusicBrainz/Release Track Id',
    ),
  },
  mbAlbumId: {
    aliases: mbid('MUSICBRAINZ_ALBUMID', 'MusicBrainz Album Id', 'MusicBrainz/Album Id'),
  },
  mbArtistId: {
    aliases: mbid(
      'MUSICBRAINZ_ARTISTID',
      'MusicBrainz Artist Id',
      'MusicBrainz/Artist Id',
    ),
  },
  mbAlbumArtistId: {
    aliases: mbid(
      'MUSICBRAINZ_ALBUMARTISTID',
      'MusicBrainz Album Artist Id',
      'MusicBrainz/Album Artist Id',
    ),
  },
  mbReleaseGroupId: {
    aliases: mbid(
      'MUSICBRAINZ_RELEASEGROUPID',
      'MusicBrainz Release Group Id',
      'MusicBrainz/Release Group Id',
    ),
  },
} satisfies Record<string, TagField>;

export type FieldName = keyof typeof tagFields;

/** Credited roles stored in track_artist besides 'artist' and 'albumartist'. */
export const creditRoles = [
  'composer',
  'lyricist',
  'conductor',
  'remixer',
  'producer',
  'arranger',
] as const satisfies readonly FieldName[];

/** Album artist values that mean "a compilation of many artists". */
export const variousArtistsNames = ['various artists', 'various', 'va', 'v.a.', 'v/a'];

/** The album artist shown for a compilation without one. */
export const variousArtists = 'Various Artists';

/** Release types that mark a compilation (MusicBrainz RELEASETYPE). */
export const compilationReleaseTypes = ['compilation'];

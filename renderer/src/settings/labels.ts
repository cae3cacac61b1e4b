// What the form calls each setting and group. The help under each field is
// the schema's own text (SettingField.help); these are only the titles.
import type { FieldGroup } from './types.js';

export const fieldLabels: Record<string, string> = {
  musicFolders: 'Music folders',
  scanOnStart: 'Scan at start-up',
  scanIntervalHours: 'Scan every',
  scanThreads: 'Scan threads',
  host: 'Host',
  port: 'Port',
  lanAdvertise: 'Announce on the LAN',
  workers: 'Worker processes',
  limitTimeCpu: 'CPU time limit (limitTimeCpu)',
  limitTimeReal: 'Real time limit (limitTimeReal)',
  jobLimitTimeCpu: 'Job CPU time limit (jobLimitTimeCpu)',
  jobLimitTimeReal: 'Job real time limit (jobLimitTimeReal)',
  limitMemorySoft: 'Soft memory limit (limitMemorySoft)',
  limitMemoryHard: 'Hard memory limit (limitMemoryHard)',
  limitRequest: 'Requests before recycling (limitRequest)',
  ffmpegPath: 'ffmpeg path',
  transcodeProfile: 'Default transcode profile',
  transcodeMax: 'Transcodes at once, whole server',
  transcodeMaxPerUser: 'Transcodes at once, per user',
  transcodeCacheMb: 'Transcode cache size',
  estimateContentLength: 'Estimate Content-Length',
  watchMusicFolders: 'Watch the music folders',
  artworkCacheMb: 'Thumbnail cache size',
  artworkPrewarm: 'Make thumbnails after scans',
  lastfmApiKey: 'Last.fm API key',
  lastfmApiSecret: 'Last.fm shared secret',
  lastfmBaseUrl: 'Last.fm API address',
  lastfmAuthUrl: 'Last.fm sign-in page',
  listenbrainzBaseUrl: 'ListenBrainz API address',
  externalInfoTtlHours: 'Keep fetched info for',
  subsonicPlainPassword: 'Allow plain Subsonic passwords',
};

export const groupLabels: Record<FieldGroup, string> = {
  library: 'Library and scan schedule',
  network: 'Network',
  workers: 'Workers',
  limits: 'Limits',
  transcoding: 'Transcoding',
  artwork: 'Cover art',
  external: 'Artist info and scrobbling',
  apps: 'Apps',
};

export const groupOrder: FieldGroup[] = [
  'library',
  'network',
  'workers',
  'limits',
  'transcoding',
  'artwork',
  'external',
  'apps',
];

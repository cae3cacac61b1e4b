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
  subsonicPlainPassword: 'Allow plain Subsonic passwords',
};

export const groupLabels: Record<FieldGroup, string> = {
  library: 'Library and scan schedule',
  network: 'Network',
  workers: 'Workers',
  limits: 'Limits',
  transcoding: 'Transcoding',
  apps: 'Apps',
};

export const groupOrder: FieldGroup[] = [
  'library',
  'network',
  'workers',
  'limits',
  'transcoding',
  'apps',
];

// This device's listening choices: stream quality (automatic picks the
// original file when the browser plays it, else a transcode), ReplayGain,
// and the language.
import { lang, setLang, t, type Lang, type WordKey } from '../i18n.js';
import { gainMode, quality, qualityChoices, type GainMode } from '../player/prefs.js';

const gainWords: [GainMode, WordKey][] = [
  ['off', 'off'],
  ['track', 'track'],
  ['album', 'album'],
];

function qualityName(choice: string): string {
  if (choice === 'auto') return t('qualityAuto');
  if (choice === 'raw') return t('qualityRaw');
  return choice.replace('_', ' ') + ' kb/s';
}

export function Settings() {
  return (
    <div class="settings">
      <h1>{t('settings')}</h1>
      <label>
        {t('quality')}
        <select
          value={quality.value}
          onChange={(e) => (quality.value = e.currentTarget.value)}
        >
          {qualityChoices.map((choice) => (
            <option key={choice} value={choice}>
              {qualityName(choice)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('replayGain')}
        <select
          value={gainMode.value}
          onChange={(e) => (gainMode.value = e.currentTarget.value as GainMode)}
        >
          {gainWords.map(([value, word]) => (
            <option key={value} value={value}>
              {t(word)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('language')}
        <select
          value={lang.value}
          onChange={(e) => setLang(e.currentTarget.value as Lang)}
        >
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
      </label>
    </div>
  );
}

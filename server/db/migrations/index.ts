// Numbered migrations, applied in order at start-up. Append only: never edit
// or reorder a migration that has shipped. A test checks the numbering.
import * as m001 from './001_library.js';
import * as m002 from './002_accounts.js';
import * as m003 from './003_transcode.js';
import * as m004 from './004_user_data.js';
import * as m005 from './005_artwork.js';
import * as m006 from './006_external.js';
import * as m007 from './007_browse_indexes.js';
import * as m008 from './008_search_apostrophes.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  { version: 1, name: 'library', sql: m001.sql },
  { version: 2, name: 'accounts', sql: m002.sql },
  { version: 3, name: 'transcode', sql: m003.sql },
  { version: 4, name: 'user data', sql: m004.sql },
  { version: 5, name: 'artwork', sql: m005.sql },
  { version: 6, name: 'external services', sql: m006.sql },
  { version: 7, name: 'browse indexes', sql: m007.sql },
  { version: 8, name: 'search apostrophes', sql: m008.sql },
];

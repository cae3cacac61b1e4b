// Rewrites the generated route reference in docs/api.md from the route table,
// formatted as Prettier would. Run after adding or changing a route:
//   npx tsx scripts/api-docs.ts
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { routeTable } from '../server/http/app.js';
import { withRouteDocs } from '../server/http/routes/docs.js';

const file = fileURLToPath(new URL('../docs/api.md', import.meta.url));
const before = fs.readFileSync(file, 'utf8');
const options = await prettier.resolveConfig(file);
const after = await prettier.format(withRouteDocs(before, routeTable()), {
  ...options,
  filepath: file,
});
fs.writeFileSync(file, after);
console.log(after === before ? 'docs/api.md already up to date' : 'docs/api.md updated');

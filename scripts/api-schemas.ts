import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { API_DIR, apiDocuments, apiText } from './lib/api-schemas';
import { writePermissionTable } from './lib/permissions-doc';

/** npm run api: writes api/ anew from the contract (a test fails while it is stale). */
mkdirSync(API_DIR, { recursive: true });
const documents = apiDocuments();
for (const file of readdirSync(API_DIR)) if (file.endsWith('.json') && !documents.has(file)) rmSync(path.join(API_DIR, file));
for (const [file, document] of documents) writeFileSync(path.join(API_DIR, file), apiText(document));
process.stdout.write(`api/：${documents.size} 个文件\n`);
// The design notes' permission table, from the authorization model.
writePermissionTable();
process.stdout.write('cloudfunctions/README.md：权限表\n');

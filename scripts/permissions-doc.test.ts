import { readFileSync } from 'node:fs';
import { PERMISSIONS_DOC, withPermissionTable } from './lib/permissions-doc';

describe('the permission table of the design notes', () => {
  it('is the table the authorization model states now (npm run api)', () => {
    const doc = readFileSync(PERMISSIONS_DOC, 'utf8');
    expect(doc).toBe(withPermissionTable(doc));
  });
});

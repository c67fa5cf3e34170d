import { readFileSync } from 'node:fs';
import path from 'node:path';
import { claimsLibSource, COPIED_INTO_CLAIMS, SHARED_FROM_DOMAIN, sharedSource } from './lib/mp-shared';

describe('the mini-program’s copy of the legal rules', () => {
  it.each(SHARED_FROM_DOMAIN)('miniprogram/shared/%s is the domain’s, unchanged (run npm run build:mp after changing the domain)', (file) => {
    expect(readFileSync(path.join(__dirname, '..', 'miniprogram', 'shared', file), 'utf8')).toBe(sharedSource(file));
  });
});

describe('the claims subpackage’s copy of the call helper', () => {
  it.each(COPIED_INTO_CLAIMS)('miniprogram/claims/lib/%s is the main package’s, unchanged', (file) => {
    expect(readFileSync(path.join(__dirname, '..', 'miniprogram', 'claims', 'lib', file), 'utf8')).toBe(claimsLibSource(file));
  });
});

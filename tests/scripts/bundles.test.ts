import { readFileSync } from 'node:fs';
import path from 'node:path';
import { functionConfigs, readCloudbaseRc, ROOT, runtimeOf, type CloudbaseRc } from '../../emulator/project';
import { globalsMissingFor } from '../../scripts/lib/runtime-globals';

// The bundles the integration run built: each must run on the runtime cloudbaserc.json declares.
const rc = readCloudbaseRc();
const bundle = (name: string) => readFileSync(path.join(ROOT, rc.functionRoot, name, 'index.js'), 'utf8');

describe('every bundle runs on its declared runtime', () => {
  it.each(rc.functions.map((fn) => [fn.name, fn.runtime] as const))('%s uses only the globals of %s', (name, runtime) => {
    expect(globalsMissingFor(bundle(name), runtimeOf({ name, runtime }).node)).toEqual([]);
  });

  it('would have caught identity-verify on Nodejs16.13, which has no global fetch', () => {
    expect(globalsMissingFor(bundle('identity-verify'), runtimeOf({ name: 'identity-verify', runtime: 'Nodejs16.13' }).node)).toEqual(['fetch']);
  });

  it('is refused by the emulator, as by CloudBase, when the runtime is not one CloudBase offers', () => {
    const odd: CloudbaseRc = { ...rc, functions: [{ name: 'fee-calc', runtime: 'Nodejs19.0', handler: 'index.main', timeout: 5, memorySize: 128 }] };
    expect(() => functionConfigs(odd)).toThrow('函数 fee-calc 的运行时 Nodejs19.0 不是云开发提供的运行时');
  });
});

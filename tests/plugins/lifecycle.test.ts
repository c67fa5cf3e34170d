import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import { findById, query } from '#runtime';
import type { ClaimRegisterInput } from '#schemas/claims';
import { callFunction, callWithAnyInput, countOf, emulatorUrl, ok, operation, resetEmulator } from '../support/emulator';
import { openXiaomingClaims, XIAOMING } from '../support/claims';
import { HU, verifyCreditor, WU } from '../support/people';
import { PLUGINS, pluginFunctions } from '../../scripts/lib/plugins';
import { readDatabaseRules } from '../../emulator/project';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const pluginDb = cloud.database({ env: Environments.claims.localId });
const ROOT = path.resolve(__dirname, '..', '..');
/** npm run plugin as court IT runs it; `plugin` against the emulator, `cloudPlugin` as for CloudBase (dry runs only here). */
const cloudPlugin = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/plugin.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
const plugin = (...args: string[]) => cloudPlugin(...args, '--emulator', emulatorUrl());
const deploy = (bankruptcyId: string) => plugin('deploy', 'claims', '--bankruptcy', bankruptcyId, '--court', 'gz-intermediate');
const retire = (bankruptcyId: string) => plugin('retire', 'claims', '--bankruptcy', bankruptcyId);

/** A second bankruptcy on the same plug-in, its window open at the same time as 小鸣单车's. */
const DOUDOU = { ...XIAOMING, bankruptcyId: 'doudou-bike', caseNumber: '（2026）粤01破2号', debtor: '广州豆豆出行科技有限公司' } as const;
const ADMINISTRATOR = 'o-administrator';
const claim = (bankruptcyId: string, requestId: string, person: { name: string } = HU): ClaimRegisterInput => ({
  requestId,
  bankruptcyId,
  principalFen: 19_900,
  basis: '押金未退还',
  bankAccount: { bank: '中国工商银行', name: person.name, account: '6222020012345678901' },
  eService: { consent: true, mobile: '13800138000' },
});
const courtRecord = (bankruptcyId: string) => findById<{ state: string; env: string; archive?: { claims: number } }>(db, 'plugins', `claims-${bankruptcyId}`);
/** Whether the plug-in's functions are deployed: a call to one answers 404 once they are removed. */
const intakeStatus = async () => (await callWithAnyInput('claim-register', {}, HU.openid)).status;

// Each retire waits out the intake's warm instances and running calls (15 s) before it counts the claims.
jest.setTimeout(180_000);

beforeEach(async () => {
  await resetEmulator();
  // The court's administrator: the deploy copies the court's judges and administrators into the plug-in.
  await db
    .collection('users')
    .add({ data: { _id: ADMINISTRATOR, kind: 'staff', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } } });
});

describe('npm run plugin', () => {
  it('shows the plan with --dry-run and changes nothing', async () => {
    const run = plugin('retire', 'claims', '--bankruptcy', 'xiaoming-bike', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('导出并归档破产案件 xiaoming-bike 的全部申报债权');
    expect(run.stdout).toContain('插件环境中再无申报中的破产案件时，下线全部函数');
    expect(run.stdout).toContain('下线云函数 claim-register');
    expect(run.stdout).toContain('未做任何改动');
    expect(await courtRecord('xiaoming-bike')).toBeNull();
  });

  it('plans the calls it makes to Tencent Cloud: the plug-in’s own collections with their indexes and rules, each function checked Active, each delete checked gone', () => {
    const run = cloudPlugin('retire', 'claims', '--bankruptcy', 'xiaoming-bike', '--env', 'court-prod-1a2b', '--plugin-env', 'claims-prod-3c4d', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("functions.deleteFunction('claim-register')，再读 GetFunction 确认已删除（插件的云开发环境 claims-prod-3c4d");
    expect(run.stdout).not.toContain('--force');
    const deployed = cloudPlugin(
      'deploy',
      'claims',
      '--bankruptcy',
      'xiaoming-bike',
      '--court',
      'gz-intermediate',
      '--env',
      'court-prod-1a2b',
      '--plugin-env',
      'claims-prod-3c4d',
      '--dry-run',
    );
    expect(deployed.status).toBe(0);
    for (const collection of PLUGINS.claims.collections) expect(deployed.stdout).toContain(`database.createCollectionIfNotExists('${collection}')`);
    expect(deployed.stdout).not.toContain("createCollectionIfNotExists('cases')");
    expect(deployed.stdout).toContain("Action: 'ModifyDatabaseACL', Param: { EnvId: 'claims-prod-3c4d', CollectionName: 'claims', AclTag: 'ADMINONLY' }");
    // Its own bucket, where creditors upload their proofs, under the project's storage rules.
    expect(deployed.stdout).toContain("storage.setStorageAcl('CUSTOM', ");
    expect(deployed.stdout).toContain("ModifyStorageSafeRule { EnvId: 'claims-prod-3c4d', Bucket: 该环境的存储桶, AclTag: 'CUSTOM'");
    expect(deployed.stdout).toContain("functions.getFunctionDetail('claim-register') 读取现有配置");
  });

  it('gives the plug-in’s environment every collection its functions use, and no other', () => {
    // A collection is named in a bundle as a string, whichever helper passes it to .collection().
    const known = [...readDatabaseRules(ROOT).keys()];
    const used = new Set(
      pluginFunctions('claims').flatMap((fn) => {
        const bundle = readFileSync(path.join(ROOT, 'build/cloudfunctions', fn, 'index.js'), 'utf8');
        return known.filter((name) => bundle.includes(`"${name}"`));
      }),
    );
    expect([...used].sort()).toEqual([...PLUGINS.claims.collections].sort());
  });

  it('deploys the plug-in for a bankruptcy, whose record opens its intake, then retires it: the claims archived, the window closed, the functions gone', async () => {
    // Before its deploy, the bankruptcy takes no claim, though the functions answer.
    await verifyCreditor(HU);
    expect((await callFunction('claim-register', claim('xiaoming-bike', 'claim-early'), HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('尚未部署债权申报插件') },
    });
    const deployed = deploy('xiaoming-bike');
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toContain('已复制法院 gz-intermediate 的法官与管理人 1 名');
    expect(deployed.stdout).toContain('✓ claim-register');
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'open', env: Environments.claims.localId });
    expect(await findById(pluginDb, 'bankruptcies', 'xiaoming-bike')).toMatchObject({ deployment: { plugin: 'claims', courtId: 'gz-intermediate' } });
    expect(await findById(pluginDb, 'users', ADMINISTRATOR)).toMatchObject({ staff: { roles: ['administrator'] } });

    await openXiaomingClaims(ADMINISTRATOR);
    ok(await callFunction('claim-register', claim('xiaoming-bike', 'claim-0001'), HU.openid));

    const retired = retire('xiaoming-bike');
    expect(retired.status).toBe(0);
    expect(retired.stdout).toContain('已归档 1 笔');
    // The window closed, and its warm instances and running calls waited out, before the claims were counted.
    expect(retired.stdout.indexOf('申报已关闭')).toBeLessThan(retired.stdout.indexOf('让进行中的申报结束'));
    expect(retired.stdout.indexOf('让进行中的申报结束')).toBeLessThan(retired.stdout.indexOf('已归档 1 笔'));
    const bankruptcy = await findById<{ closedAt: Date; archivedAt: Date; archive: { csv: string; claims: number } }>(db, 'bankruptcies', 'xiaoming-bike');
    expect(bankruptcy?.archive.claims).toBe(1);
    expect(bankruptcy?.closedAt.getTime()).toBeLessThanOrEqual(bankruptcy?.archivedAt.getTime() ?? 0);
    const { fileContent } = (await cloud.downloadFile({ fileID: bankruptcy?.archive.csv ?? '' })) as { fileContent: Buffer };
    expect(fileContent.toString('utf8')).toContain('胡建国,199');
    expect(fileContent.toString('utf8')).not.toContain('6222020012345678901');
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'retired', archive: { claims: 1 } });
    // The court keeps every claim whole, the bank account still sealed: the plug-in's environment can go.
    const kept = await query<{ creditorName: string; bankAccountSealed: unknown }>(db.collection('claims').where({ bankruptcyId: 'xiaoming-bike' }));
    expect(kept).toEqual([expect.objectContaining({ creditorName: '胡建国', bankAccountSealed: expect.anything() })]);
    expect(JSON.stringify(kept)).not.toContain('6222020012345678901');
    // It was the only bankruptcy on the plug-in: its functions are gone.
    expect(retired.stdout).toContain('✓ 已下线 claim-register');
    expect(await intakeStatus()).toBe(404);
    // Once retired, the bankruptcy cannot be deployed again: its claims are the court's.
    const again = deploy('xiaoming-bike');
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('已下线');
  });

  it('serves two bankruptcies: retiring one leaves the other’s intake open and refuses review of the retired one, retiring the last removes the functions', async () => {
    expect(deploy('xiaoming-bike').status).toBe(0);
    // The functions are there already for 小鸣单车: the second deploy records its bankruptcy only.
    const second = deploy('doudou-bike');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('不再构建和部署');
    expect(second.stdout).not.toContain('✓ claim-register');
    await openXiaomingClaims(ADMINISTRATOR);
    ok(await callFunction('claims-open', { requestId: 'open-doudou', ...DOUDOU }, ADMINISTRATOR));
    await verifyCreditor(HU);
    await verifyCreditor(WU);
    const retiredClaim = ok(await callFunction('claim-register', claim('xiaoming-bike', 'claim-x-hu'), HU.openid)).claimId;
    const openClaim = ok(await callFunction('claim-register', claim('doudou-bike', 'claim-d-hu'), HU.openid)).claimId;

    const first = retire('xiaoming-bike');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('插件的函数保留：破产案件 doudou-bike 仍在申报');
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'retired', archive: { claims: 1 } });
    expect(await courtRecord('doudou-bike')).toMatchObject({ state: 'open' });
    // 小鸣单车 takes nothing more; 豆豆 goes on taking claims and amendments.
    expect((await callFunction('claim-register', claim('xiaoming-bike', 'claim-x-wu', WU), WU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE', message: expect.stringContaining('已结束') },
    });
    expect(ok(await callFunction('claim-register', claim('doudou-bike', 'claim-d-wu', WU), WU.openid))).toMatchObject({ version: 1 });
    expect(ok(await callFunction('claim-register', { ...claim('doudou-bike', 'claim-d-hu-2'), otherFen: 100 }, HU.openid))).toMatchObject({ version: 2 });
    // A review of 小鸣单车's claim after its retire would be lost: it is refused; 豆豆's claims are still reviewed here.
    const review = (bankruptcyId: string, claimId: string) =>
      callFunction('claim-review', { requestId: `review-${bankruptcyId}`, bankruptcyId, reviews: [{ claimId, decision: 'confirmed' }] }, ADMINISTRATOR);
    expect((await review('xiaoming-bike', retiredClaim)).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE', message: '该破产案件的债权申报插件已下线，债权已移交法院，请在法院系统中审查' },
    });
    expect(await findById(pluginDb, 'claims', retiredClaim)).toMatchObject({ review: { state: 'pending' } });
    expect(ok(await review('doudou-bike', openClaim))).toEqual({ reviewed: 1 });
    // The court has 小鸣单车's one claim, and none of 豆豆's yet.
    expect(await countOf(db, 'claims', { bankruptcyId: 'xiaoming-bike' })).toBe(1);
    expect(await countOf(db, 'claims', { bankruptcyId: 'doudou-bike' })).toBe(0);

    const last = retire('doudou-bike');
    expect(last.status).toBe(0);
    expect(last.stdout).toContain('已归档 2 笔');
    expect(last.stdout).toContain('✓ 已下线 claim-register');
    expect(await countOf(db, 'claims', { bankruptcyId: 'doudou-bike' })).toBe(2);
    expect(await courtRecord('doudou-bike')).toMatchObject({ state: 'retired', archive: { claims: 2 } });
    expect(await intakeStatus()).toBe(404);
  });

  it('finishes a retire that failed half-way when it is run again: no claim twice, the archive written, the record marked, the functions removed', async () => {
    expect(deploy('xiaoming-bike').status).toBe(0);
    await openXiaomingClaims(ADMINISTRATOR);
    await verifyCreditor(HU);
    await verifyCreditor(WU);
    ok(await callFunction('claim-register', claim('xiaoming-bike', 'claim-hu'), HU.openid));
    ok(await callFunction('claim-register', claim('xiaoming-bike', 'claim-wu', WU), WU.openid));
    // The court's database refuses the second claim copied into it: the retire stops half-way.
    await operation('POST', 'faults', { env: Environments.court.localId, writes: [{ collection: 'claims', nth: 2 }] });
    const failed = retire('xiaoming-bike');
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toContain('申报已关闭');
    expect(failed.stdout).not.toContain('已归档');
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'retiring' });
    expect(await findById(db, 'bankruptcies', 'xiaoming-bike')).toBeNull();
    // The window stays closed meanwhile, and the functions stay deployed.
    expect((await callFunction('claim-register', claim('xiaoming-bike', 'claim-hu-2'), HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE' },
    });

    const resumed = retire('xiaoming-bike');
    expect(resumed.status).toBe(0);
    // The wait was done by the first run.
    expect(resumed.stdout).not.toContain('让进行中的申报结束');
    expect(resumed.stdout).toContain('已归档 2 笔');
    expect(await countOf(db, 'claims', { bankruptcyId: 'xiaoming-bike' })).toBe(2);
    expect(await findById(db, 'bankruptcies', 'xiaoming-bike')).toMatchObject({ archive: { claims: 2 } });
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'retired', archive: { claims: 2 } });
    expect(await intakeStatus()).toBe(404);
    // A third run has nothing left to do.
    const third = retire('xiaoming-bike');
    expect(third.status).toBe(0);
    expect(third.stdout).toContain('已下线，2 笔债权已归档');
  });

  it('finishes a retire that stopped after removing the functions: run again, it finds them gone and marks the record', async () => {
    expect(deploy('xiaoming-bike').status).toBe(0);
    await openXiaomingClaims(ADMINISTRATOR);
    // The court's database refuses the last write of the retire, the record's final mark.
    await operation('POST', 'faults', { env: Environments.court.localId, writes: [{ collection: 'plugins', nth: 2 }] });
    const failed = retire('xiaoming-bike');
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toContain('✓ 已下线 claim-register');
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'retiring' });

    const resumed = retire('xiaoming-bike');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('✓ claim-register 已不在插件环境中');
    expect(await courtRecord('xiaoming-bike')).toMatchObject({ state: 'retired', archive: { claims: 0 } });
    expect(await intakeStatus()).toBe(404);
  });
});

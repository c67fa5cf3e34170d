import { spawnSync } from 'node:child_process';
import path from 'node:path';
import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import { findById, query } from '#runtime';
import { callFunction, callWithAnyInput, emulatorUrl, ok, resetEmulator } from '../support/emulator';
import { openXiaomingClaims } from '../support/claims';
import { HU, verifyCreditor } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const pluginDb = cloud.database({ env: Environments.claims.localId });
const ROOT = path.resolve(__dirname, '..', '..');
/** npm run plugin as court IT runs it; `plugin` against the emulator, `cloudPlugin` as for CloudBase (dry runs only here). */
const cloudPlugin = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/plugin.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
const plugin = (...args: string[]) => cloudPlugin(...args, '--emulator', emulatorUrl());

beforeEach(() => resetEmulator());

describe('npm run plugin', () => {
  it('shows the plan with --dry-run and changes nothing', () => {
    const run = plugin('retire', 'claims', '--bankruptcy', 'xiaoming-bike', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('导出并归档破产案件 xiaoming-bike 的全部申报债权');
    expect(run.stdout).toContain('下线云函数 claim-register');
    expect(run.stdout).toContain('未做任何改动');
  });

  it('plans CloudBase commands the CLI takes: deploy with --force into the plug-in’s environment, delete without it', () => {
    const run = cloudPlugin('retire', 'claims', '--bankruptcy', 'xiaoming-bike', '--env', 'court-prod-1a2b', '--plugin-env', 'claims-prod-3c4d', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('tcb fn delete claim-register -e claims-prod-3c4d');
    expect(run.stdout).not.toContain('--force');
    const deploy = cloudPlugin(
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
    expect(deploy.stdout).toContain('tcb fn deploy claim-register --force -e claims-prod-3c4d');
  });

  it('deploys the plug-in, then retires it: the claims archived, the window closed, the functions gone', async () => {
    // The court's administrator: the deploy copies the court's judges and administrators into the plug-in.
    await db
      .collection('users')
      .add({ data: { _id: 'o-administrator', kind: 'staff', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } } });
    const deployed = plugin('deploy', 'claims', '--bankruptcy', 'xiaoming-bike', '--court', 'gz-intermediate');
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toContain('已复制法院 gz-intermediate 的法官与管理人 1 名');
    expect(await findById(db, 'plugins', 'claims')).toMatchObject({ enabled: true, bankruptcyId: 'xiaoming-bike' });
    expect(await findById(pluginDb, 'users', 'o-administrator')).toMatchObject({ staff: { roles: ['administrator'] } });

    await openXiaomingClaims('o-administrator');
    await verifyCreditor(HU);
    ok(
      await callFunction(
        'claim-register',
        {
          requestId: 'claim-0001',
          bankruptcyId: 'xiaoming-bike',
          principalFen: 19_900,
          basis: '押金未退还',
          bankAccount: { bank: '中国工商银行', name: HU.name, account: '6222020012345678901' },
          eService: { consent: true, mobile: '13800138000' },
        },
        HU.openid,
      ),
    );

    const retired = plugin('retire', 'claims', '--bankruptcy', 'xiaoming-bike');
    expect(retired.status).toBe(0);
    expect(retired.stdout).toContain('已归档 1 笔');
    // The window closed and the intake removed before the claims were counted.
    expect(retired.stdout.indexOf('申报已关闭')).toBeLessThan(retired.stdout.indexOf('✓ claim-register'));
    expect(retired.stdout.indexOf('✓ claim-register')).toBeLessThan(retired.stdout.indexOf('已归档 1 笔'));
    const bankruptcy = await findById<{ closedAt: Date; archivedAt: Date; archive: { csv: string; claims: number } }>(db, 'bankruptcies', 'xiaoming-bike');
    expect(bankruptcy?.archive.claims).toBe(1);
    expect(bankruptcy?.closedAt.getTime()).toBeLessThanOrEqual(bankruptcy?.archivedAt.getTime() ?? 0);
    const { fileContent } = (await cloud.downloadFile({ fileID: bankruptcy?.archive.csv ?? '' })) as { fileContent: Buffer };
    expect(fileContent.toString('utf8')).toContain('胡建国,199');
    expect(fileContent.toString('utf8')).not.toContain('6222020012345678901');
    expect(await findById(db, 'plugins', 'claims')).toMatchObject({ enabled: false });
    // The court keeps every claim whole, the bank account still sealed: the plug-in's environment can go.
    const kept = await query<{ creditorName: string; bankAccountSealed: unknown }>(db.collection('claims').where({ bankruptcyId: 'xiaoming-bike' }));
    expect(kept).toEqual([expect.objectContaining({ creditorName: '胡建国', bankAccountSealed: expect.anything() })]);
    expect(JSON.stringify(kept)).not.toContain('6222020012345678901');
    expect((await callWithAnyInput('claim-register', {}, HU.openid)).status).toBe(404);
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import cloud from 'wx-server-sdk';
import { findById } from '#runtime';

import { apply, connect, plan, readCourts } from '../../scripts/lib/court-admin';
import { callFunction, emulatorUrl, resetEmulator } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { faceChecked, residentId, upload } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const ROOT = path.resolve(__dirname, '..', '..');

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/court-admin.ts'), ...args, '--emulator', emulatorUrl()], {
    cwd: ROOT,
    encoding: 'utf8',
  });

beforeEach(() => resetEmulator());

describe('court-admin', () => {
  it('provisions a court, a division and a judge from the command line', () => {
    expect(cli('add-court', '--id', 'gz-tianhe', '--code', '粤0106', '--name', '广州市天河区人民法院').status).toBe(0);
    expect(cli('add-division', '--court', 'gz-tianhe', '--id', 'tianhe-civil-1', '--name', '民事审判第一庭').status).toBe(0);
    const staff = cli(
      'add-staff',
      '--openid',
      'o-judge-chen',
      '--name',
      '陈法官',
      '--court',
      'gz-tianhe',
      '--division',
      'tianhe-civil-1',
      '--roles',
      'judge,leader',
    );
    expect(staff.stdout).toContain('工作人员 陈法官（judge、leader）');
    const bad = cli('add-staff', '--openid', 'o-judge-zhou', '--name', '周法官', '--court', 'gz-tianhe', '--roles', 'janitor');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('角色应为');
    const dry = cli('add-court', '--id', 'gz-yuexiu', '--code', '粤0104', '--name', '广州市越秀区人民法院', '--dry-run');
    expect(dry.stdout).toContain('未写入任何数据');
  });

  it('puts a mediator on the court’s roster with the public profile of 在线调解规则 第五条, and an account to mediate with', async () => {
    expect(cli('add-court', '--id', 'gz-tianhe', '--code', '粤0106', '--name', '广州市天河区人民法院').status).toBe(0);
    const added = cli(
      'add-mediator',
      ...['--court', 'gz-tianhe', '--openid', 'o-mediator-zhang', '--name', '张调解', '--kind', 'invited-mediator'],
      ...['--organisation', '天河区人民调解委员会', '--intro', '从事人民调解工作十年', '--range', '婚姻家庭，物业服务', '--fee', 'free'],
    );
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('调解员名册 张调解（特邀调解员）');
    const roster = await callFunction('mediation-detail', { view: 'roster', courtId: 'gz-tianhe' }, 'o-mediator-zhang');
    expect(roster.result).toMatchObject({
      ok: true,
      data: {
        view: 'roster',
        mediators: [
          {
            mediator: 'o-mediator-zhang',
            name: '张调解',
            kindLabel: '特邀调解员',
            organisation: '天河区人民调解委员会',
            caseRange: ['婚姻家庭', '物业服务'],
            fee: { charged: false },
            invitingCourt: '广州市天河区人民法院',
          },
        ],
      },
    });
    const bad = cli(
      'add-mediator',
      '--court',
      'gz-tianhe',
      '--openid',
      'o-mediator-li',
      '--name',
      '李调解',
      '--kind',
      'volunteer',
      '--intro',
      '简介四字',
      '--range',
      '物业',
      '--fee',
      'free',
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('调解员类别应为');
  });

  it('refuses a court name that does not match its code, and staff of a court that does not exist', async () => {
    const admin = connect({ emulator: emulatorUrl(), env: 'microcourt-local', secretId: 'x', secretKey: 'y' });
    const courts = await readCourts(admin);
    expect(() => plan('add-court', { id: 'gz-x', code: '粤0106', name: '广州市越秀区人民法院' }, new Date(), { courts })).toThrow(
      '属于「广州市天河区人民法院」',
    );
    expect(() => plan('add-staff', { openid: 'o-judge-x1', name: '某法官', court: 'nowhere', roles: 'judge' }, new Date(), { courts })).toThrow('不存在');
  });

  it('records which case types a division hears, and provisions a president', () => {
    const courts = new Map([['gz-tianhe', { divisions: [] }]]);
    const [division] = plan(
      'add-division',
      { court: 'gz-tianhe', id: 'tianhe-admin', name: '行政审判庭', hears: 'administrative-first-instance' },
      new Date(),
      { courts },
    );
    expect(division?.data).toMatchObject({ divisions: [{ id: 'tianhe-admin', name: '行政审判庭', hears: ['administrative-first-instance'] }] });
    expect(() => plan('add-division', { court: 'gz-tianhe', id: 'tianhe-x', name: '某审判庭', hears: 'divorce' }, new Date(), { courts })).toThrow(
      '案件类型应为',
    );
    const [president] = plan('add-staff', { openid: 'o-president', name: '院长', court: 'gz-tianhe', roles: 'president' }, new Date(), { courts });
    expect(president?.data).toMatchObject({ courtId: 'gz-tianhe', roles: ['president'], active: true });
  });

  it('approves a lawyer, who can then file for a client with a power of attorney', async () => {
    const admin = connect({ emulator: emulatorUrl(), env: 'microcourt-local', secretId: 'x', secretKey: 'y' });
    await apply(admin, plan('add-court', { id: 'gz-tianhe', code: '粤0106', name: '广州市天河区人民法院' }, new Date(), { courts: new Map() }));
    const lawyer = { openid: 'o-lawyer-lin', name: '林晓明', idNumber: residentId('44010619850612202') };
    const verified = await callFunction(
      'identity-verify',
      await faceChecked(lawyer, 'verify-lawyer', { lawyer: { licence: '14401200010000001', firm: '广东某律师事务所' } }),
      lawyer.openid,
    );
    expect(verified.result).toMatchObject({ ok: true, data: { lawyerStatus: 'pending' } });
    const powerOfAttorney = await upload(lawyer.openid, '授权委托书.pdf', '%PDF-1.4 power of attorney');
    const input = huComplaint('file-lawyer-01', { agent: { forParty: 0, powerOfAttorney } });
    expect((await callFunction('filing-submit', input, lawyer.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('律师') },
    });

    await apply(admin, plan('approve-lawyer', { openid: lawyer.openid }, new Date(), { courts: new Map() }));
    const filed = await callFunction('filing-submit', { ...input, requestId: 'file-lawyer-02' }, lawyer.openid);
    if (!filed.result.ok) throw new Error(JSON.stringify(filed.result));
    const stored = await findById<{ members: unknown[]; agent: { name: string } }>(db, 'filings', filed.result.data.filingId);
    expect(stored).toMatchObject({ members: [{ openid: lawyer.openid, role: 'agent', for: '0' }], agent: { name: lawyer.name } });
  });
});

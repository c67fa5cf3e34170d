/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import { countOf, resetEmulator } from '../support/emulator';
import { installPhone, renderPage, tap, text, until } from '../support/miniprogram';
import { ADMINISTRATOR, openXiaomingAsAdministrator } from '../support/claims';
import { HU, verify, verifyCreditor, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
// The plug-in's own database: its environment is not the court's.
const db = cloud.database({ env: Environments.claims.localId });

type Page = ReturnType<typeof renderPage>;
/**
 * Types into a native input: simulate does not deliver a synthetic input event to a native
 * <input>, so the page's bound handler gets what WeChat would hand it.
 */
const input = (page: Page, field: string, value: string) =>
  (page.instance.onField as (e: unknown) => void)({ currentTarget: { dataset: { field } }, detail: { value } });

/** A creditor fills in a 199-yuan deposit claim with their own account. */
function declareDeposit(register: Page, accountName: string, account: string, mobile: string): void {
  input(register, 'principal', '199');
  input(register, 'basis', '小鸣单车押金未退还');
  input(register, 'bank', '中国工商银行');
  input(register, 'accountName', accountName);
  input(register, 'account', account);
  input(register, 'mobile', mobile);
}

beforeEach(async () => {
  await resetEmulator();
  await openXiaomingAsAdministrator(db);
  await verifyCreditor(HU);
});

describe('the claims plug-in’s own subpackage, opened by its QR code', () => {
  it('a creditor declares a deposit claim and sees it; the administrator reviews it and the table totals it', async () => {
    const creditor = installPhone(HU.openid);
    creditor.options = { scene: encodeURIComponent('b=xiaoming-bike') };
    const register = renderPage('claims/register/register');
    declareDeposit(register, HU.name, '6222020012345678901', '13800138000');
    tap(register, '.submit');
    await until(() => text(register).includes('已申报'));
    expect(text(register)).toContain('已申报（第 1 次提交），申报总额 199.00 元');

    creditor.options = { b: 'xiaoming-bike' };
    const status = renderPage('claims/status/status');
    await until(() => text(status).includes('待管理人审查'));
    expect(text(status)).toContain('中国工商银行 ***************8901');

    const administrator = installPhone(ADMINISTRATOR);
    administrator.options = { b: 'xiaoming-bike' };
    const review = renderPage('claims/review/review');
    await until(() => text(review).includes('胡建国'));
    tap(review, '.confirm');
    await until(() => text(review).includes('已审查 1 笔'));
    expect(text(review)).toContain('没有待审查的债权');

    const table = renderPage('claims/table/table');
    await until(() => text(table).includes('确认：1 笔'));
    expect(text(table)).toContain('确认：1 笔，申报 199.00 元，确认 199.00 元');
  });

  it('a creditor verified only at the court is sent to verify inside the plug-in, and then declares', async () => {
    const creditor = installPhone(WU.openid);
    await verify(WU);
    creditor.options = { b: 'xiaoming-bike' };
    const register = renderPage('claims/register/register');
    declareDeposit(register, WU.name, '6222020012345678902', '13800138001');
    tap(register, '.submit');
    await until(() => text(register).includes('先在本插件实名认证'));
    expect(text(register)).toContain('请先完成实名认证');

    const verifyPage = renderPage('claims/verify/verify');
    (verifyPage.instance.onName as (e: unknown) => void)({ detail: { value: WU.name } });
    (verifyPage.instance.onId as (e: unknown) => void)({ detail: { value: WU.idNumber } });
    tap(verifyPage, '.verify');
    await until(() => text(verifyPage).includes('已完成实名认证'));
    expect(await countOf(db, 'users', { _id: WU.openid, verifiedAt: db.command.exists(true) })).toBe(1);

    tap(register, '.submit');
    await until(() => text(register).includes('已申报'));
    expect(text(register)).toContain('已申报（第 1 次提交），申报总额 199.00 元');
  });

  it('a creditor trying to review sees the Chinese refusal', async () => {
    const creditor = installPhone(HU.openid);
    creditor.options = { b: 'xiaoming-bike' };
    const review = renderPage('claims/review/review');
    await until(() => text(review).includes('无权'));
    expect(text(review)).toContain('您无权办理此事项');
  });
});

import { residentIdCheckChar } from '../../cloudfunctions/_core/domain/identity';

/** Demo courts, staff and parties; every openid here is a demo identity, not a real person. */
export const DEMO_COURTS = [
  {
    _id: 'gz-tianhe',
    code: '粤0106',
    name: '广州市天河区人民法院',
    divisions: [{ id: 'tianhe-civil-1', name: '民事审判第一庭' }],
    info: {
      address: '广州市天河区（演示地址）',
      hours: '工作日 9:00–12:00，14:00–17:30',
      phone: '020-12345601',
      location: '23.1248,113.3612',
      directions: '地铁3号线至天河区政府站（演示）',
    },
  },
  {
    _id: 'gz-yuexiu',
    code: '粤0104',
    name: '广州市越秀区人民法院',
    divisions: [{ id: 'yuexiu-civil-1', name: '民事审判第一庭' }],
    info: { address: '广州市越秀区（演示地址）', hours: '工作日 9:00–12:00，14:00–17:30', phone: '020-12345602', location: '23.1290,113.2668' },
  },
  {
    _id: 'gz-internet',
    code: '粤0192',
    name: '广州互联网法院',
    divisions: [{ id: 'internet-civil-1', name: '综合审判一庭' }],
    info: { address: '广州市海珠区（演示地址）', hours: '全天在线服务；线下窗口工作日 9:00–17:30', phone: '020-12345603', location: '23.0964,113.3260' },
  },
  {
    _id: 'gz-intermediate',
    code: '粤01',
    name: '广东省广州市中级人民法院',
    divisions: [{ id: 'gzzy-bankruptcy', name: '清算与破产审判庭' }],
    info: { address: '广州市越秀区（演示地址）', hours: '工作日 9:00–12:00，14:00–17:30', phone: '020-12345604', location: '23.1330,113.2700' },
  },
];

export const DEMO_STAFF = [
  { _id: 'staff-registrar-li', name: '李立案', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['registrar'] },
  { _id: 'staff-judge-chen', name: '陈法官', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['judge'] },
  { _id: 'staff-judge-zhou', name: '周法官', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['judge'] },
  { _id: 'staff-judge-wu', name: '吴法官', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['judge'] },
  { _id: 'staff-clerk-wang', name: '王书记员', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['clerk'] },
  { _id: 'staff-executor-zhao', name: '赵执行', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['executor'] },
  { _id: 'staff-leader-sun', name: '孙庭长', courtId: 'gz-tianhe', divisionId: 'tianhe-civil-1', roles: ['leader', 'judge'] },
  { _id: 'staff-admin-junxin', name: '君信律师事务所（管理人）', courtId: 'gz-intermediate', divisionId: 'gzzy-bankruptcy', roles: ['administrator'] },
  { _id: 'staff-it-he', name: '何信息', courtId: 'gz-tianhe', roles: ['court-it'] },
];

const demoId = (prefix17: string) => prefix17 + residentIdCheckChar(prefix17);

/**
 * Mr Hu of the seed story, a lawyer, and the defendant company's legal representative, who
 * verifies as the person he is and answers for the company by its credit code.
 * Identity numbers are fabricated test values.
 */
export const DEMO_PARTIES = [
  { openid: 'party-hu', name: '胡建国', idNumber: demoId('33020319800305123'), kind: 'party' as const },
  { openid: 'lawyer-lin', name: '林律师', idNumber: demoId('44010619850612202'), kind: 'lawyer' as const },
  { openid: 'party-wu', name: '吴海涛', idNumber: demoId('44010419750101301'), kind: 'party' as const },
];

/** The demo's defendant: a trading company, named by its credit code and its registered legal representative (the third demo party). */
export const DEMO_COMPANY = { name: '广州某贸易有限公司', uscc: '91350100M000100Y43', representative: '吴海涛' } as const;

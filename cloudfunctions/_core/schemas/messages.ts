import type * as z from 'zod';
import { zhCN } from 'zod/locales';

/**
 * The words a person reads when a field is wrong. A schema that words a check itself
 * (`z.string({ error: '请填写案由' }).min(2, '请填写案由')`) keeps its own; every other failure is
 * worded here from the field's name: "请填写手机号码", "证据名称最多 100 个字", "每页条数不能大于 50".
 * A field with no name here falls back to zod's generic wording, which a unit test
 * (contract/messages.test.ts) refuses for every field of every action.
 *
 * Names are found by the longest suffix of the field's path (indices dropped), so
 * `bankAccount.name` is 户名 where a plain `name` would be 姓名.
 */
const FILLED: Record<string, string> = {
  // Common to many forms.
  name: '姓名',
  mobile: '手机号码',
  uscc: '统一社会信用代码',
  company: '企业信息',
  'company.name': '企业名称',
  'company.uscc': '企业的统一社会信用代码',
  title: '名称',
  text: '内容',
  file: '文件',
  reason: '理由',
  proves: '证明目的',
  // Filing.
  parties: '当事人',
  claims: '诉讼请求',
  'claims.text': '诉讼请求',
  evidence: '证据',
  'evidence.title': '证据名称',
  'evidence.file': '证据文件',
  'evidence.proves': '证据的证明目的',
  items: '证据',
  'items.title': '证据名称',
  'items.file': '证据文件',
  'items.proves': '证据的证明目的',
  agent: '委托代理',
  'agent.forParty': '委托人',
  'agent.powerOfAttorney': '授权委托书',
  'agent.powers': '代理权限',
  powers: '代理权限',
  partyName: '委托人',
  powerOfAttorney: '授权委托书',
  agencyId: '诉讼代理人',
  feeKind: '交费方式',
  service: '送达地址确认',
  eService: '电子送达',
  'service.mobile': '送达手机号码',
  'eService.mobile': '送达手机号码',
  'service.consent': '是否同意电子送达',
  'eService.consent': '是否同意电子送达',
  'service.addressConfirmed': '是否确认送达地址',
  lawyer: '律师执业信息',
  'lawyer.licence': '律师执业证号',
  'lawyer.firm': '律师事务所',
  document: '文书',
  'document.title': '文书名称',
  'document.file': '文书文件',
  caseNumber: '案号',
  representation: '代表身份',
  'representation.forParty': '所代表的当事人',
  'representation.capacity': '代表身份',
  proofs: '证明材料',
  beyondMonth: '延期超过一个月的事由',
  offlineService: '线下送达记录',
  'offlineService.method': '送达方式',
  'offlineService.servedOn': '送达日期',
  'offlineService.reference': '邮件号或回证编号',
  // Calculators.
  counterclaim: '是否为反诉',
  appeal: '是否为上诉',
  rounding: '取整方式',
  'rounding.unit': '取整单位',
  'rounding.mode': '取整规则',
  // Claims.
  debtor: '债务人名称',
  collateral: '担保财产',
  joint: '是否为连带债权',
  bankAccount: '收款账户',
  'bankAccount.name': '户名',
  'bankAccount.bank': '开户行',
  'bankAccount.account': '银行账号',
  totals: '金额',
  reviews: '审查结论',
  'reviews.reason': '审查理由',
  export: '导出格式',
  // Trial management (审限、合议、结案).
  procedure: '审理程序',
  filedOn: '立案日期',
  extensions: '延长审限',
  'extensions.months': '延长月数',
  excluded: '扣除期间',
  'excluded.from': '扣除期间开始日',
  'excluded.to': '扣除期间结束日',
  months: '延长月数',
  exclusion: '扣除审限事项',
  'exclusion.type': '扣除事由',
  'exclusion.from': '扣除期间开始日',
  'exclusion.to': '扣除期间结束日',
  reasons: '理由',
  decision: '审批结论',
  note: '合议意见',
  question: '合议事项',
  vote: '表决意见',
  outcome: '结案方式',
  'document.text': '裁判文书全文',
  'document.issuedOn': '裁判日期',
  obligations: '给付内容',
  'obligations.debtor': '履行义务的当事人',
  'obligations.creditor': '权利人',
  'obligations.amountFen': '给付金额',
  'obligations.act': '履行事项',
  'obligations.dueOn': '履行期限',
  feeShares: '诉讼费用负担',
  'feeShares.fen': '负担金额',
  abroad: '在中华人民共和国领域内没有住所的当事人',
  ground: '裁定理由',
  transferTo: '受移送的法院',
  publication: '公开决定',
  'publication.kind': '案件类别',
  'publication.stateSecret': '是否涉及国家秘密',
  'publication.unsuitable': '不宜公开的理由',
  amountFen: '金额',
  courtId: '法院',
  caseType: '案件类型',
  cause: '案由',
  year: '年份',
  keyword: '关键词',
};

/** Fields a program fills (an id, a page, a payment notice's fields): a person who sees one has an outdated app. */
const SYSTEM: Record<string, string> = {
  caseId: '案件编号',
  filingId: '立案申请编号',
  evidenceId: '证据编号',
  documentId: '文书编号',
  serviceId: '送达编号',
  divisionId: '审判庭编号',
  limitRequestId: '审批事项编号',
  op: '操作',
  accepted: '同意接收的提醒',
  deliberationId: '合议记录编号',
  'reviews.claimId': '债权编号',
  clerk: '书记员',
  enforcementId: '执行案件编号',
  decisionId: '法律文书编号',
  stepId: '执行事项编号',
  urgeId: '催办编号',
  clientId: '日志编号',
  limit: '条数',
  page: '页码',
  pageSize: '每页条数',
  state: '状态',
  status: '状态',
  returnCode: '支付通知 returnCode',
  resultCode: '支付通知 resultCode',
  subMchId: '支付通知 subMchId',
  outTradeNo: '支付通知 outTradeNo',
  totalFee: '支付通知 totalFee',
  timeEnd: '支付通知 timeEnd',
  transactionId: '支付通知 transactionId',
  ticket: '实名认证凭证',
  hearingId: '开庭编号',
  participant: '参加人编号',
  disconnectId: '断线记录编号',
  correctionId: '补正申请编号',
  verifyId: '人脸识别会话',
  sha256: '文本校验值',
  party: '当事人编号',
  step: '步骤',
  kind: '类型',
};

function labelOf(path: readonly PropertyKey[]): { label: string; system: boolean } | undefined {
  const names = path.filter((p) => typeof p === 'string');
  for (let start = 0; start < names.length; start++) {
    const key = names.slice(start).join('.');
    if (FILLED[key]) return { label: FILLED[key], system: false };
    if (SYSTEM[key]) return { label: SYSTEM[key], system: true };
  }
  return undefined;
}

const KINDS: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '是或否', array: '列表', object: '一组字段', date: '日期' };

/** zod's raw issue, as its error maps receive it (path included once the issue has bubbled up). */
type RawIssue = z.core.$ZodRawIssue & { path?: PropertyKey[] };

/** The message for an issue no schema worded, or undefined to leave it to zod. */
export function inputMessage(issue: RawIssue): string | undefined {
  const path = issue.path ?? [];
  if (path.length === 0) {
    if (issue.code === 'invalid_type') return '请求内容应为一组字段，请更新小程序后重试';
    if (issue.code === 'unrecognized_keys') return `请求中有本功能不接受的字段：${issue.keys.join('、')}`;
    if (issue.code === 'invalid_union') return '请求内容不完整或不正确，请检查后重试';
  }
  const field = labelOf(path);
  if (!field) return undefined;
  const { label, system } = field;
  const outdated = system ? '，请更新小程序后重试' : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return system ? `缺少${label}${outdated}` : `请填写${label}`;
      return `${label}应为${KINDS[issue.expected] ?? '正确的格式'}${outdated}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字${outdated}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}至少 ${Math.max(1, min)} 项`;
      return `${label}不能小于 ${min}${outdated}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `${label}最多 ${max} 个字${outdated}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}最多 ${max} 项`;
      return `${label}不能大于 ${max}${outdated}`;
    }
    case 'invalid_value':
      return `${label}应为以下之一：${issue.values.map(String).join('、')}${outdated}`;
    case 'invalid_format':
      return `${label}格式不正确${outdated}`;
    case 'not_multiple_of':
      return `${label}应为 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `${label}中有不接受的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return `${label}填写不正确${outdated}`;
    default:
      return undefined;
  }
}

/** What `z.config` takes: these words first, zod's Chinese locale for anything left (none today, by test). */
export const inputMessages = (): z.core.$ZodConfig => ({ ...zhCN(), customError: inputMessage });

/**
 * Every kind of event a case's chain records (全程留痕), with what a person reads for it on the
 * timeline. `appendCaseEvent` and `changeCase` take no other: a new kind of event is one line
 * here, and a type error everywhere else until it is.
 */
export const CaseEvents = {
  'filing.submitted': '提交立案申请',
  'filing.resubmitted': '补正后重新提交',
  'filing.correction': '通知补正',
  'filing.refused': '不予受理',
  'filing.accepted': '立案受理',
  'case.assigned': '分案（确定承办法官）',
  'party.joined': '当事人加入案件（应诉）',
  'hearing.scheduled': '排期开庭',
  'hearing.rescheduled': '变更开庭时间',
  'hearing.cancelled': '取消开庭',
  'fee.ordered': '发起缴费',
  'fee.paid': '缴纳诉讼费',
  'fee.refund': '退还诉讼费',
  'fee.refunded': '退费到账',
  'evidence.added': '提交证据',
  'evidence.opinion': '发表质证意见',
  'service.sent': '电子送达',
  'service.read': '受送达人阅读送达文书',
  'service.recorded': '登记线下送达（邮寄或直接送达）',
  'service.consented': '当事人同意电子送达',
  // 审限、程序 (legal-rules-2 §4).
  'limit.requested': '申请变更审限',
  'limit.decided': '审批审限申请',
  'procedure.converted': '简易程序转为普通程序',
  // Who acts for whom.
  'representation.examined': '审核单位代表人的证明材料',
} as const;
export type CaseEventType = keyof typeof CaseEvents;

export function isCaseEventType(action: string): action is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CaseEvents, action);
}

/** What the timeline shows for a recorded event; one of a kind no longer in the set shows its name. */
export function eventLabel(action: string): string {
  return isCaseEventType(action) ? CaseEvents[action] : action;
}

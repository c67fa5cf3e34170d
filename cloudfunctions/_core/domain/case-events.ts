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
  // 诉讼代理人 (民事诉讼法 第六十一条至第六十三条).
  'agent.applied': '律师提交授权委托书申请代理',
  'agent.confirmed': '确认诉讼代理人',
  'agent.rejected': '不予确认诉讼代理人',
  'agent.changed': '变更诉讼代理人的代理权限',
  'agent.revoked': '解除诉讼代理人的委托',
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
  // Enforcement (执行).
  'enforcement.applied': '申请执行',
  'enforcement.filed': '执行立案',
  'enforcement.refused': '执行申请不予受理',
  'enforcement.assigned': '确定执行承办人',
  'enforcement.step': '办理执行事项',
  'enforcement.logged': '记录执行日志',
  'enforcement.record': '制作执行笔录或查封清单',
  'enforcement.urged': '催办',
  'enforcement.answered': '答复催办',
  'enforcement.escalated': '催办逾期未答复提级督办',
  'enforcement.extended': '批准延长执行期限',
  'enforcement.excluded': '登记不计入执行期限的期间',
  'enforcement.objected': '提出执行异议',
  'enforcement.settled': '执行和解',
  'enforcement.closed': '执行结案',
  'enforcement.searched': '终本后再次查控',
  // 在线庭审 (人民法院在线诉讼规则; 民事诉讼法 第一百三十九条至第一百五十条).
  'hearing.consent': '当事人选择庭审方式（在线或线下）',
  'hearing.consent-withdrawn': '撤回在线庭审的同意',
  'hearing.refusal-decided': '审查不同意在线庭审的理由',
  'hearing.barred': '记录不宜在线庭审的情形',
  'hearing.checked-in': '庭前签到（人脸识别）',
  'hearing.admitted': '准许参加人进入庭审',
  'hearing.opened': '宣布开庭（宣布审判人员和书记员及法官助理）',
  'hearing.stage': '庭审阶段开始',
  'hearing.disconnected': '记录参加人断线',
  'hearing.disconnect-step': '对断线参加人提示或警告',
  'hearing.rejoined': '断线参加人重新进入庭审',
  'hearing.absence': '认定拒不到庭或中途退庭',
  'hearing.recording': '庭审录音录像记录（开始中断恢复停止）',
  'hearing.recording-filed': '庭审录音录像文件归档',
  'hearing.closed': '闭庭',
  'transcript.edited': '制作或修改庭审笔录',
  'transcript.correction': '申请补正庭审笔录',
  'transcript.correction-decided': '处理庭审笔录补正申请',
  'transcript.signed': '电子签名确认庭审笔录',
  // 审限、程序 (legal-rules-2 §4).
  'limit.requested': '申请变更审限',
  'limit.decided': '审批审限申请',
  'procedure.converted': '简易程序转为普通程序',
  // Who acts for whom.
  'representation.examined': '审核单位代表人的证明材料',
  // Online mediation (在线调解规则): a mediation keeps its own chain under its id; a case's chain records its start and end.
  'mediation.applied': '申请调解',
  'mediation.proposed': '法院引导调解',
  'mediation.screened': '审查调解申请',
  'mediation.returned': '退回调解申请',
  'mediation.consented': '当事人同意调解',
  'mediation.refused': '当事人不同意调解',
  'mediation.chosen': '当事人选择调解员',
  'mediation.designated': '法院指定调解员',
  'mediation.accepted': '调解员接受调解',
  'mediation.declined': '调解员拒绝调解',
  'mediation.disclosed': '调解员披露可能影响公正的情形',
  'mediation.objected': '当事人申请调解员回避',
  'mediation.session': '调解会话',
  'mediation.said': '调解发言',
  'mediation.extended': '当事人同意延长调解期限',
  'mediation.appraisal': '鉴定期间（不计入调解期限）',
  'mediation.drafted': '制作调解协议',
  'mediation.signed': '签署调解协议',
  'mediation.refused-to-sign': '拒绝签署调解协议',
  'mediation.agreed': '调解协议生效',
  'mediation.failed': '调解不成',
  'mediation.terminated': '调解终结',
  'mediation.statement-issued': '制作并送达调解书',
  'mediation.statement-received': '签收调解书',
  'mediation.statement-effective': '调解书生效（调解结案）',
  'mediation.backed-out': '调解书送达前当事人反悔（恢复审理）',
  'mediation.filed': '调解不成转网上立案',
  'confirmation.applied': '申请司法确认',
  'confirmation.accepted': '受理司法确认申请',
  'confirmation.refused': '不予受理司法确认申请',
  'confirmation.extended': '院长批准延长司法确认审查期限',
  'confirmation.ruled': '作出司法确认裁定并送达',
} as const;
export type CaseEventType = keyof typeof CaseEvents;

export function isCaseEventType(action: string): action is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CaseEvents, action);
}

/** What the timeline shows for a recorded event; one of a kind no longer in the set shows its name. */
export function eventLabel(action: string): string {
  return isCaseEventType(action) ? CaseEvents[action] : action;
}

/*
 * The words of online mediation a person reads: who mediates, the states, the reasons an
 * application is returned, a mediation ends or a confirmation is refused. Pure tables with no
 * imports, so the mini-program takes the same words (scripts/generate-mp.ts copies this file).
 */

/** Who mediates (调解规则 第五条第一款). */
export const MediatorKinds = {
  judge: '法官',
  'full-time': '专职调解员',
  'part-time': '兼职调解员',
  'invited-organisation': '特邀调解组织',
  'invited-mediator': '特邀调解员',
  other: '法院邀请的其他单位或个人',
} as const;

export const MediationStates = {
  applied: '已申请，待审查',
  returned: '已退回',
  assigning: '选定调解员',
  'awaiting-acceptance': '待调解员接受',
  'awaiting-respondent': '待被申请人同意',
  'in-session': '调解中',
  signed: '已达成调解协议',
  failed: '调解不成',
  terminated: '调解终结',
  closed: '已结案',
  confirmation: '司法确认中',
  filed: '已转立案',
  resumed: '恢复审理',
} as const;

/** Why an application is returned (调解规则 第九条). */
export const ReturnReasons = {
  jurisdiction: '不属于人民法院受理民事案件的范围或者不属于受诉人民法院管辖',
  'inviting-court': '委派或者委托的人民法院对纠纷没有管辖权',
  unsuitable: '根据案件性质或者法律规定不适宜调解',
} as const;

/** Why a mediation ends without agreement (调解规则 第二十五条). */
export const TerminationReasons = {
  settled: '当事人达成和解协议',
  unreachable: '当事人下落不明或者无法联系',
  'party-refuses': '当事人拒绝继续调解',
  'gap-too-wide': '当事人意见分歧较大，无法达成调解协议',
  expired: '调解期限届满且当事人不同意延长',
  'refused-to-sign': '当事人拒绝在调解协议上签名',
  'refused-designation': '当事人拒绝调解员或拒绝指定的调解员（特邀 第十二条；调解规则 第十四条）',
  'respondent-refuses': '被申请人不同意调解（调解规则 第十五条）',
  other: '其他导致调解无法进行的情形',
} as const;

/** What the court will not accept for confirmation (民诉法解释 第三百五十五条). */
export const ConfirmationBars = {
  'not-civil': '不属于人民法院受理范围',
  'wrong-court': '不属于收到申请的人民法院管辖',
  status: '确认身份关系（婚姻、收养、监护等）',
  'special-procedure': '应当适用其他特别程序、公示催告程序、破产程序审理',
  ownership: '涉及物权、知识产权的确权',
} as const;

/** Why a confirmation is refused on review (民诉法解释 第三百五十八条). */
export const ConfirmationRejections = {
  'mandatory-law': '违反法律强制性规定',
  'harms-others': '损害国家利益、社会公共利益、他人合法权益',
  'public-order': '违背公序良俗',
  involuntary: '违反自愿原则',
  unclear: '内容不明确',
  other: '其他不能进行司法确认的情形',
} as const;

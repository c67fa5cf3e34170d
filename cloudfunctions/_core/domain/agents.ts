/*
 * What an agent (诉讼代理人) may do for a party: the powers a power of attorney (授权委托书) grants.
 * The special ones must each be named; "全权代理" alone grants none of them (民事诉讼法 第六十二条;
 * 民诉法解释 第八十九条). Signing a mediation agreement needs its own special authority
 * (民诉法解释 第一百四十七条); in enforcement, waiving, settling and collecting money do too
 * (执行工作规定 第二十条).
 */
export const AgentPowers = {
  admit: { label: '代为承认诉讼请求', special: true },
  waive: { label: '代为放弃诉讼请求', special: true },
  modify: { label: '代为变更诉讼请求', special: true },
  settle: { label: '代为进行和解', special: true },
  counterclaim: { label: '代为提起反诉', special: true },
  appeal: { label: '代为提起上诉', special: true },
  'sign-mediation': { label: '代为签收调解书、签署调解协议', special: true },
  'receive-service': { label: '代为签收法律文书', special: false },
  'exec-waive-modify': { label: '执行中代为放弃、变更民事权利', special: true },
  'exec-settle': { label: '执行中代为和解', special: true },
  'exec-collect-money': { label: '执行中代为领取执行款', special: true },
} as const;
export type AgentPower = keyof typeof AgentPowers;
export const AGENT_POWERS = Object.keys(AgentPowers) as AgentPower[];

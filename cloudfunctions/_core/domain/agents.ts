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

/** 民事诉讼法 第六十一条: a party may appoint one or two agents. */
export const MAX_AGENTS_PER_PARTY = 2;

/** An agent's place for a party as the case keeps it: who, for which party, whether the mandate still runs. */
export interface AgentSlot {
  openid: string;
  /** The party acted for: its place in the case's parties. */
  party: string;
  /** Revoked or changed (民事诉讼法 第六十三条), or refused by the party or the court: no longer counts. */
  ended?: boolean;
}

/**
 * Why `openid` may not become an agent of `party` beside the agents already there, or null:
 * at most two agents per party (民事诉讼法 第六十一条), one mandate per person and party.
 */
export function agentSlotProblem(existing: readonly AgentSlot[], party: string, openid: string): string | null {
  const current = existing.filter((a) => a.party === party && !a.ended);
  if (current.some((a) => a.openid === openid)) return '您已是该当事人的诉讼代理人或委托正待确认';
  if (current.length >= MAX_AGENTS_PER_PARTY)
    return `每名当事人最多委托${MAX_AGENTS_PER_PARTY}人为诉讼代理人（民事诉讼法 第六十一条），该当事人已有${current.length}名`;
  return null;
}

/** The powers a power of attorney names, in the table's order and each once; a general grant ("全权代理") adds none of the special ones (民事诉讼法 第六十二条). */
export function namedPowers(powers: readonly AgentPower[]): AgentPower[] {
  return AGENT_POWERS.filter((power) => powers.includes(power));
}

/** The powers as a court writes them on the file: "代为上诉、代为签收法律文书", or 一般授权 when none is named. */
export function powersText(powers: readonly AgentPower[]): string {
  const named = namedPowers(powers);
  return named.length === 0 ? '一般授权（无特别授权事项）' : named.map((power) => AgentPowers[power].label).join('、');
}

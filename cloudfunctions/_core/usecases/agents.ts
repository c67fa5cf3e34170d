import type * as z from 'zod';
import { agentSlotProblem, namedPowers, powersText } from '#domain/agents';
import { PANEL, PartyRoles, type Grant } from '#domain/authorization';
import { normaliseCaseNumber } from '#domain/case-numbers';
import { chinaDate } from '#domain/time';
import {
  AppError,
  assert,
  attachUpload,
  MAX_PAGE,
  notify,
  pages,
  query,
  readWithCaller,
  type ActionContext,
  type CaseMember,
  type Transaction,
} from '#runtime';
import type { AgencyView, AgentInput, AgentOutput } from '#schemas/agents';
import { actorOf, authorize, authorizeGlobally, type Actor } from './access';
import { changeCase } from './case-change';
import { changeEnforcement } from './enforcement';
import type { AgencyRecord, CaseDocument, CaseRecord } from './records';

/*
 * 诉讼代理人 (民事诉讼法 第六十一条至第六十三条; 民诉法解释 第八十八条、第八十九条).
 *
 * A lawyer joins a case for a party with the power of attorney it holds (uploaded, hashed) and the
 * powers it names, as flags. Until the mandate is confirmed the lawyer is no member of the case and
 * reads nothing of it: a case number and a party's name prove no mandate. Who confirms: the party
 * itself, from its own verified account, when it is on the case (the client's own word is the best
 * proof that it gave the mandate, and costs the court nothing); otherwise the panel (the presiding
 * judge or the clerk), who examines the paper as 解释 第八十八条 has the court do. Either may refuse.
 *
 * The powers are the member's `powers`, checked by `authorize` for every permission that names one
 * (the table in #domain/authorization): a general grant ("全权代理") names none of the special ones.
 * At most two agents per party, counting those awaiting confirmation (第六十一条). A change of
 * powers or a revocation (第六十三条) takes effect at once: the revoked agent's membership, and with
 * it its access and its service address, ends at that instant; the other parties are told, and the
 * case's timeline records it (流程公开规定 第六条).
 */

const STATE_LABELS: Record<AgencyView['state'], string> = {
  pending: '待确认',
  active: '代理中',
  rejected: '未获确认',
  revoked: '已解除',
};

function stateOf(agency: AgencyRecord): AgencyView['state'] {
  if (agency.revoked) return 'revoked';
  if (agency.rejected) return 'rejected';
  return agency.confirmed ? 'active' : 'pending';
}

function viewOf(agency: AgencyRecord, record: Pick<CaseRecord, 'parties'>): AgencyView {
  const state = stateOf(agency);
  const ended = agency.revoked?.at ?? agency.rejected?.at;
  const reason = agency.revoked?.reason ?? agency.rejected?.reason;
  return {
    agencyId: agency.id,
    party: record.parties[agency.party]?.name ?? '',
    agentName: agency.agentName,
    state,
    stateLabel: STATE_LABELS[state],
    powers: agency.powers,
    powersText: powersText(agency.powers),
    powerOfAttorneySha256: agency.powerOfAttorney.sha256,
    appliedOn: chinaDate(agency.appliedAt),
    ...(agency.confirmed ? { confirmedOn: chinaDate(agency.confirmed.at) } : {}),
    ...(ended ? { endedOn: chinaDate(ended) } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** The member an agency makes once confirmed: an agent for its party with its powers. */
function memberOf(agency: AgencyRecord): CaseMember {
  return { openid: agency.openid, role: 'agent', for: String(agency.party), powers: agency.powers };
}

/** Whether a member of the case is the one an agency made (its openid, for its party, not yet ended). */
const isAgencyMember = (agency: AgencyRecord) => (m: CaseMember) => m.role === 'agent' && m.openid === agency.openid && m.for === String(agency.party);

/**
 * How the caller may manage one agency: as the party it acts for (a member of that party's own
 * side, not an agent), as the panel on the paper, or — to withdraw only — as the agent itself.
 */
function managerOf(grants: readonly Grant[], agency: AgencyRecord): { via: 'party' | 'court' | 'agent'; grant: Grant } | null {
  for (const grant of grants) {
    if (grant.via !== 'case') continue;
    if ((PartyRoles as readonly string[]).includes(grant.role) && grant.member.for === String(agency.party)) return { via: 'party', grant };
    if (PANEL.includes(grant.role)) return { via: 'court', grant };
    if (grant.role === 'agent' && grant.member.openid === agency.openid && grant.member.for === String(agency.party)) return { via: 'agent', grant };
  }
  return null;
}

const NOT_YOURS = '您不是该诉讼代理人的委托人或本案承办人员，无权办理';

async function loadAgency(ctx: ActionContext, caseId: string, agencyId: string) {
  const { record, grants, actor } = await authorize(ctx, caseId, 'agent.manage');
  const at = (record.agencies ?? []).findIndex((a) => a.id === agencyId);
  const agency = record.agencies?.[at];
  assert(agency, 'NOT_FOUND', '未找到该诉讼代理人');
  const manager = managerOf(grants, agency);
  assert(manager, 'FORBIDDEN', NOT_YOURS);
  return { record, agency, at, manager, actor: manager.grant.via === 'case' ? actorOf(manager.grant.member) : actor };
}

/**
 * The matters made from a case that name its agents: the enforcement cases applied for from its
 * decisions, which took the agents with their powers when applied for, and its mediations, whose
 * list of those taking part names them. A change of an agency follows to them (民事诉讼法 第六十三条:
 * the party's word ends or narrows the mandate wherever it is used). Found by a query before the
 * transaction, which takes documents by id; each is then changed in it, an enforcement case with
 * an event in its own chain.
 */
async function mattersOf(ctx: ActionContext, caseId: string, openid: string): Promise<{ enforcements: string[]; mediations: string[] }> {
  const [enforcements, mediations] = await Promise.all([
    query<{ _id: string }>(ctx.db.collection('enforcements').where({ 'source.caseId': caseId, 'members.openid': openid }).field({ _id: true }).limit(MAX_PAGE)),
    query<{ _id: string }>(ctx.db.collection('mediations').where({ caseId }).field({ _id: true }).limit(MAX_PAGE)),
  ]);
  return { enforcements: enforcements.map((e) => e._id), mediations: mediations.map((m) => m._id) };
}

type AgencyChange = { action: 'agent.confirmed' } | { action: 'agent.changed'; powers: AgencyRecord['powers'] } | { action: 'agent.revoked' };

async function followToMatters(
  ctx: ActionContext,
  tx: Transaction,
  matters: { enforcements: string[]; mediations: string[] },
  caseId: string,
  agency: AgencyRecord,
  change: AgencyChange,
  actor: Actor,
  requestId: string | undefined,
): Promise<void> {
  const isAgent = (m: CaseMember) => m.role === 'agent' && m.openid === agency.openid && !m.revokedAt;
  if (change.action !== 'agent.confirmed') {
    for (const id of matters.enforcements) {
      await changeEnforcement(tx, id, ctx.now, (current) => {
        if (!current.members.some(isAgent)) return null;
        const members = current.members.map((m) =>
          isAgent(m) ? (change.action === 'agent.revoked' ? { ...m, revokedAt: ctx.now } : { ...m, powers: change.powers }) : m,
        );
        return {
          action: change.action,
          actor,
          data: { caseId, agencyId: agency.id, ...(change.action === 'agent.changed' ? { to: change.powers } : {}) },
          ...(requestId ? { requestId } : {}),
          update: { members: ctx.db.command.set(members) },
        };
      });
    }
  }
  if (change.action === 'agent.changed') return;
  // A mediation's access inside a case is the case's members; its list of participants is what "my mediations" finds.
  const _ = ctx.db.command;
  for (const id of matters.mediations) {
    await tx
      .collection('mediations')
      .doc(id)
      .update({ data: { participants: change.action === 'agent.revoked' ? _.pull(agency.openid) : _.addToSet(agency.openid) } });
  }
}

/** Everyone on the case's parties' side but `except` (and the agent concerned): whom a change of agent is told (民事诉讼法 第六十三条). */
function othersToTell(record: Pick<CaseRecord, 'members'>, except: readonly string[], now: Date): string[] {
  const seen = new Set<string>(except);
  const out: string[] = [];
  for (const m of record.members) {
    if (!['plaintiff', 'defendant', 'third-party', 'agent'].includes(m.role)) continue;
    if (m.revokedAt && m.revokedAt.getTime() <= now.getTime()) continue;
    if (seen.has(m.openid)) continue;
    seen.add(m.openid);
    out.push(m.openid);
  }
  return out;
}

async function tell(ctx: ActionContext, record: Pick<CaseRecord, '_id' | 'caseNumber'>, openids: readonly string[], progress: string): Promise<void> {
  await notify(
    ctx,
    openids.map((touser) => ({
      template: 'MC_TPL_CASE_PROGRESS' as const,
      touser,
      page: pages.caseDetail(record._id),
      values: { caseNumber: record.caseNumber, progress },
    })),
  );
}

type JoinCase = Pick<CaseRecord, '_id' | 'caseNumber' | 'parties' | 'members' | 'agencies' | 'state' | 'eService'>;

async function join(input: Extract<z.output<typeof AgentInput>, { op: 'join' }>, ctx: ActionContext): Promise<AgentOutput> {
  // 民诉法解释 第八十八条: a lawyer, approved by the court, acts on a power of attorney.
  await authorizeGlobally(ctx, 'agent.join');
  const caseNumber = normaliseCaseNumber(input.caseNumber);
  if (!caseNumber) throw new AppError('INVALID_INPUT', '案号格式不正确，例如（2026）粤0106民初1号', { fields: { caseNumber: '案号格式不正确' } });
  // Found by its number, then read as authorize reads a case (an event not yet in it brought in first).
  const [numbered] = await query<Pick<JoinCase, '_id'>>(ctx.db.collection('cases').where({ caseNumber }).field({ _id: true }).limit(1));
  const found = numbered
    ? await readWithCaller<JoinCase>(ctx, 'cases', numbered._id, {
        _id: true,
        caseNumber: true,
        parties: true,
        members: true,
        agencies: true,
        state: true,
        eService: true,
        courtId: true,
      })
    : null;
  const index = found ? found.parties.findIndex((p) => p.name === input.partyName) : -1;
  // The same answer whether the case is missing or names no such party.
  assert(found && index >= 0, 'FORBIDDEN', '未找到该案件或该当事人，请核对案号与委托人名称');
  assert(found.state === 'accepted' || found.state === 'in-trial', 'STATE', '本案已审结，不能再委托诉讼代理人');
  const agencies = found.agencies ?? [];
  const id = `agency-${index}-${ctx.caller.openid}-${agencies.length + 1}`;
  const slots = [
    ...found.members.filter((m) => m.role === 'agent').map((m) => ({ openid: m.openid, party: String(m.for), ended: Boolean(m.revokedAt) })),
    ...agencies.filter((a) => stateOf(a) === 'pending').map((a) => ({ openid: a.openid, party: String(a.party) })),
  ];
  const problem = agentSlotProblem(slots, String(index), ctx.caller.openid);
  if (problem) throw new AppError('STATE', problem);
  const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.powerOfAttorney, `cases/${found._id}/agents`);
  const lawyer = ctx.caller.user?.lawyer;
  const agency: AgencyRecord = {
    id,
    party: index,
    openid: ctx.caller.openid,
    agentName: ctx.caller.user?.name ?? '',
    ...(lawyer ? { licence: lawyer.licence, firm: lawyer.firm } : {}),
    powers: namedPowers(input.powers),
    powerOfAttorney: file,
    appliedAt: ctx.now,
  };
  const answer = await ctx.commit(async (tx) => {
    await changeCase(tx, found._id, ctx.now, (current) => {
      const again = agentSlotProblem(
        [
          ...current.members.filter((m) => m.role === 'agent').map((m) => ({ openid: m.openid, party: String(m.for), ended: Boolean(m.revokedAt) })),
          ...(current.agencies ?? []).filter((a) => stateOf(a) === 'pending').map((a) => ({ openid: a.openid, party: String(a.party) })),
        ],
        String(index),
        ctx.caller.openid,
      );
      if (again) throw new AppError('STATE', again);
      return {
        event: {
          action: 'agent.applied',
          actor: ctx.caller.openid,
          actorRole: 'lawyer',
          data: { party: index, agencyId: id, powers: agency.powers, powerOfAttorney: file.sha256 },
          requestId: input.requestId,
        },
        update: { agencies: ctx.db.command.push([agency]), [`eService.${ctx.caller.openid}`]: input.service },
      };
    });
    return { op: 'join' as const, caseId: found._id, agency: viewOf(agency, found) };
  });
  // The client is asked to confirm from its own account.
  const client = found.members.filter((m) => (PartyRoles as readonly string[]).includes(m.role) && m.for === String(index)).map((m) => m.openid);
  await tell(ctx, found, client, `律师${agency.agentName}申请作为您的诉讼代理人，请确认`);
  return answer;
}

async function confirm(input: Extract<z.output<typeof AgentInput>, { op: 'confirm' }>, ctx: ActionContext): Promise<AgentOutput> {
  const { record, agency, at, manager, actor } = await loadAgency(ctx, input.caseId, input.agencyId);
  assert(manager.via !== 'agent', 'FORBIDDEN', NOT_YOURS);
  assert(stateOf(agency) === 'pending', 'STATE', '该委托已处理，请刷新后查看');
  const accept = input.decision === 'confirm';
  if (!accept && !input.reason) throw new AppError('INVALID_INPUT', '不予确认须写明理由', { fields: { reason: '请写明不予确认的理由' } });
  const decided: AgencyRecord = accept
    ? { ...agency, confirmed: { by: ctx.caller.openid, via: manager.via, at: ctx.now } }
    : { ...agency, rejected: { by: ctx.caller.openid, at: ctx.now, reason: input.reason ?? '' } };
  const party = record.parties[agency.party]?.name ?? '';
  const matters = accept ? await mattersOf(ctx, record._id, agency.openid) : { enforcements: [], mediations: [] };
  const document: CaseDocument = {
    id: `power-of-attorney-${agency.id}`,
    kind: 'power-of-attorney',
    title: `授权委托书（${party}委托${agency.agentName}）`,
    file: agency.powerOfAttorney,
    at: ctx.now,
    by: agency.openid,
  };
  const answer = await ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      const now = current.agencies?.[at];
      assert(now?.id === agency.id && stateOf(now) === 'pending', 'CONFLICT', '该委托已由他人处理，请刷新后查看');
      // Confirming counts the agents again: two confirmed since this one applied leave no place (第六十一条).
      if (accept) {
        const problem = agentSlotProblem(
          current.members.filter((m) => m.role === 'agent').map((m) => ({ openid: m.openid, party: String(m.for), ended: Boolean(m.revokedAt) })),
          String(agency.party),
          agency.openid,
        );
        if (problem) throw new AppError('STATE', problem);
      }
      return {
        event: {
          action: accept ? 'agent.confirmed' : 'agent.rejected',
          ...actor,
          data: { party: agency.party, agencyId: agency.id, via: manager.via, ...(accept ? { powers: agency.powers } : { reason: input.reason }) },
          requestId: input.requestId,
        },
        update: accept
          ? { [`agencies.${at}.confirmed`]: decided.confirmed, members: ctx.db.command.push([memberOf(agency)]), documents: ctx.db.command.push([document]) }
          : { [`agencies.${at}.rejected`]: decided.rejected },
      };
    });
    if (accept) await followToMatters(ctx, tx, matters, record._id, agency, { action: 'agent.confirmed' }, actor, input.requestId);
    return { op: 'confirm' as const, agency: viewOf(decided, record) };
  });
  await tell(ctx, record, [agency.openid], accept ? `您代理${party}的委托已确认` : `您代理${party}的委托未获确认：${input.reason ?? ''}`);
  if (accept) await tell(ctx, record, othersToTell(record, [agency.openid, ctx.caller.openid], ctx.now), `${party}委托${agency.agentName}为诉讼代理人`);
  return answer;
}

async function change(input: Extract<z.output<typeof AgentInput>, { op: 'change' }>, ctx: ActionContext): Promise<AgentOutput> {
  const { record, agency, at, manager, actor } = await loadAgency(ctx, input.caseId, input.agencyId);
  // 民事诉讼法 第六十三条: the party changes its agent's powers, and tells the court; an agent cannot widen its own.
  assert(manager.via !== 'agent', 'FORBIDDEN', '诉讼代理人的代理权限由委托人变更');
  assert(stateOf(agency) === 'active', 'STATE', '只能变更代理中的诉讼代理人的权限');
  const powers = namedPowers(input.powers);
  const changed: AgencyRecord = {
    ...agency,
    powers,
    changes: [...(agency.changes ?? []), { by: ctx.caller.openid, at: ctx.now, from: agency.powers, to: powers }],
  };
  const party = record.parties[agency.party]?.name ?? '';
  const matters = await mattersOf(ctx, record._id, agency.openid);
  const answer = await ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      const now = current.agencies?.[at];
      assert(now?.id === agency.id && stateOf(now) === 'active', 'CONFLICT', '该诉讼代理人已变更，请刷新后查看');
      // The new powers hold from now (the earlier ones are kept on the agency and in the event).
      const members = current.members.map((m) => (isAgencyMember(agency)(m) && !m.revokedAt ? { ...m, powers } : m));
      return {
        event: {
          action: 'agent.changed',
          ...actor,
          data: { party: agency.party, agencyId: agency.id, from: agency.powers, to: powers },
          requestId: input.requestId,
        },
        update: {
          [`agencies.${at}.powers`]: powers,
          [`agencies.${at}.changes`]: changed.changes,
          members: ctx.db.command.set(members),
        },
      };
    });
    await followToMatters(ctx, tx, matters, record._id, agency, { action: 'agent.changed', powers }, actor, input.requestId);
    return { op: 'change' as const, agency: viewOf(changed, record) };
  });
  await tell(ctx, record, othersToTell(record, [ctx.caller.openid], ctx.now), `${party}的诉讼代理人${agency.agentName}的代理权限变更为：${powersText(powers)}`);
  return answer;
}

async function revoke(input: Extract<z.output<typeof AgentInput>, { op: 'revoke' }>, ctx: ActionContext): Promise<AgentOutput> {
  const { record, agency, at, manager, actor } = await loadAgency(ctx, input.caseId, input.agencyId);
  const state = stateOf(agency);
  assert(state === 'active' || state === 'pending', 'STATE', '该诉讼代理人已解除或未获确认');
  const revoked: AgencyRecord = {
    ...agency,
    revoked: { by: ctx.caller.openid, via: manager.via, at: ctx.now, ...(input.reason ? { reason: input.reason } : {}) },
  };
  const party = record.parties[agency.party]?.name ?? '';
  const matters = await mattersOf(ctx, record._id, agency.openid);
  const answer = await ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      const now = current.agencies?.[at];
      assert(now?.id === agency.id && !now.revoked && !now.rejected, 'CONFLICT', '该诉讼代理人已解除，请刷新后查看');
      // 民事诉讼法 第六十三条; 流程公开规定 第六条: access and the service address end at this instant.
      const members = current.members.map((m) => (isAgencyMember(agency)(m) && !m.revokedAt ? { ...m, revokedAt: ctx.now } : m));
      return {
        event: {
          action: 'agent.revoked',
          ...actor,
          data: { party: agency.party, agencyId: agency.id, via: manager.via, ...(input.reason ? { reason: input.reason } : {}) },
          requestId: input.requestId,
        },
        update: {
          [`agencies.${at}.revoked`]: revoked.revoked,
          members: ctx.db.command.set(members),
          [`eService.${agency.openid}`]: { consent: false, addressConfirmed: false },
        },
      };
    });
    // Still a member otherwise (the same lawyer for another party): the mediations keep listing the case for it.
    const stillMember = record.members.some((m) => m.openid === agency.openid && !m.revokedAt && !isAgencyMember(agency)(m));
    const following = stillMember ? { ...matters, mediations: [] } : matters;
    await followToMatters(ctx, tx, following, record._id, agency, { action: 'agent.revoked' }, actor, input.requestId);
    return { op: 'revoke' as const, agency: viewOf(revoked, record) };
  });
  await tell(ctx, record, othersToTell(record, [ctx.caller.openid], ctx.now), `${party}已解除对诉讼代理人${agency.agentName}的委托`);
  if (agency.openid !== ctx.caller.openid) await tell(ctx, record, [agency.openid], `您代理${party}的委托已解除`);
  return answer;
}

async function list(input: Extract<z.output<typeof AgentInput>, { op: 'list' }>, ctx: ActionContext): Promise<AgentOutput> {
  const { record } = await authorize(ctx, input.caseId, 'case.read');
  return { op: 'list', agencies: (record.agencies ?? []).map((a) => viewOf(a, record)) };
}

/** 诉讼代理人: join, confirm, change, revoke, list. */
export async function manageAgents(input: z.output<typeof AgentInput>, ctx: ActionContext): Promise<AgentOutput> {
  switch (input.op) {
    case 'join':
      return join(input, ctx);
    case 'confirm':
      return confirm(input, ctx);
    case 'change':
      return change(input, ctx);
    case 'revoke':
      return revoke(input, ctx);
    case 'list':
      return list(input, ctx);
  }
}

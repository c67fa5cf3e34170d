import type * as z from 'zod';
import type { CaseEventType } from '#domain/case-events';
import {
  announceBy,
  announcementRequired,
  broadcastBar,
  broadcastState,
  PrivateGrounds,
  type BroadcastObjection,
  type PrivateGround,
} from '#domain/online-hearing';
import { CaseRoles } from '#domain/authorization';
import { chinaDate, endOfChinaDay } from '#domain/time';
import { AppError, assert, assertField, findById, query, type ActionContext } from '#runtime';
import type { HearingPublicInput, HearingPublicOutput } from '#schemas/hearings';
import type { PublicNoticesInput, PublicNoticesOutput } from '#schemas/notices';
import { authorize, type Actor } from './access';
import { hearingOf, loadSession, ownParty, saveSession, type HearingSession } from './hearings';
import type { AnnouncementRecord, CaseRecord, HearingRecord } from './records';

/**
 * 公开审理与庭审直播, kept on the hearing's session (`hearing_sessions`): a hearing is public unless
 * the judges record a ground of 民事诉讼法 第一百三十七条; a public hearing under ordinary procedure is
 * announced (第一百三十九条) on the public list; the judges may propose it for broadcast, a party may
 * object, and the court's leader decides (直播录播庭审规定 第二条、第五条). The public lists are read
 * from the cases and sessions themselves, so scheduling a hearing writes nothing more.
 */
export interface Publicity {
  private?: { ground: PrivateGround; appliedBy?: number; reason: string; by: string; at: Date };
  broadcast?: {
    decision: 'proposed' | 'approved' | 'rejected';
    /** The court of the case, for the public list of one court's broadcasts. */
    courtId: string;
    proposal: string;
    proposedBy: string;
    proposedAt: Date;
    objections: (BroadcastObjection & { by: string; at: Date })[];
    decidedBy?: string;
    decidedAt?: Date;
    reason?: string;
    streamUrl?: string;
  };
}

type PublicInput = z.output<typeof HearingPublicInput>;

function publicityView(record: CaseRecord, hearing: HearingRecord, session: HearingSession): HearingPublicOutput {
  const publicity = session.publicity ?? {};
  const isPublic = !publicity.private;
  const broadcast = publicity.broadcast;
  const bar = broadcastBar({ isPublic, objections: broadcast?.objections ?? [] });
  const required = announcementRequired(record.procedure, isPublic);
  return {
    hearingId: session.hearingId,
    public: isPublic,
    ...(publicity.private
      ? {
          private: {
            ground: publicity.private.ground,
            label: PrivateGrounds[publicity.private.ground].label,
            basis: PrivateGrounds[publicity.private.ground].basis,
            reason: publicity.private.reason,
            at: publicity.private.at.toISOString(),
          },
        }
      : {}),
    announcement: { required, ...(required ? { by: announceBy(chinaDate(hearing.startsAt)) } : {}) },
    broadcast: {
      state: broadcastState(broadcast?.decision, session.state),
      ...(broadcast ? { proposal: broadcast.proposal } : {}),
      objections: (broadcast?.objections ?? []).map((o) => ({
        id: o.id,
        party: o.party,
        reason: o.reason,
        ...(o.accepted !== undefined ? { accepted: o.accepted } : {}),
        ...(o.answer ? { answer: o.answer } : {}),
      })),
      ...(broadcast?.decidedAt && broadcast.decision !== 'proposed'
        ? { decision: { approve: broadcast.decision === 'approved', reason: broadcast.reason ?? '', at: broadcast.decidedAt.toISOString() } }
        : {}),
      ...(broadcast?.decision === 'approved' && broadcast.streamUrl ? { streamUrl: broadcast.streamUrl } : {}),
      ...(bar ? { bar: bar.reason } : {}),
    },
  };
}

/** hearing-public: who may see the hearing, and whether it is broadcast. */
export async function hearingPublicity(input: PublicInput, ctx: ActionContext): Promise<HearingPublicOutput> {
  const permission =
    input.op === 'view' ? 'case.read' : input.op === 'object' ? 'hearing.attend' : input.op === 'decide' ? 'broadcast.decide' : 'hearing.publicity';
  const { record, actor } = await authorize(ctx, input.caseId, permission);
  const hearing = hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  if (input.op === 'view') return publicityView(record, hearing, session);

  assert(session.state !== 'closed', 'STATE', '庭审已结束，不能再变更公开审理或直播的决定');
  const publicity: Publicity = { ...session.publicity };
  const broadcast = publicity.broadcast;
  let action: CaseEventType;
  let data: Record<string, unknown>;
  switch (input.op) {
    case 'private': {
      assert(session.state === 'pending', 'STATE', '庭审已开始，不公开审理应在开庭前决定');
      const ground = PrivateGrounds[input.ground];
      if (ground.onApplication) {
        // 民事诉讼法 第一百三十七条第二款: heard in private only when a party applies.
        assertField(input.appliedBy !== undefined, 'appliedBy', `${ground.label}：请选择申请不公开审理的当事人`);
        assertField(input.appliedBy < record.parties.length, 'appliedBy', '申请人不是本案当事人');
      }
      if (input.ground === 'divorce') assertField(record.cause.includes('离婚'), 'ground', '本案不是离婚案件');
      publicity.private = {
        ground: input.ground,
        ...(ground.onApplication ? { appliedBy: input.appliedBy } : {}),
        reason: input.reason,
        by: ctx.caller.openid,
        at: ctx.now,
      };
      // A private hearing is never broadcast (直播录播庭审规定 第二条第二款第一项): an approval falls.
      if (broadcast && broadcast.decision !== 'rejected')
        publicity.broadcast = { ...broadcast, decision: 'rejected', decidedBy: ctx.caller.openid, decidedAt: ctx.now, reason: '依法不公开审理' };
      action = 'hearing.private';
      data = { ground: input.ground, basis: ground.basis, ...(ground.onApplication ? { appliedBy: input.appliedBy } : {}) };
      break;
    }
    case 'public': {
      assert(publicity.private, 'STATE', '本次开庭未决定不公开审理');
      delete publicity.private;
      action = 'hearing.public';
      data = { reason: input.reason };
      break;
    }
    case 'propose': {
      assert(!publicity.private, 'STATE', '不公开审理的案件不得直播、录播（直播录播庭审规定 第二条第二款第一项）');
      assert(!broadcast || broadcast.decision === 'rejected', 'STATE', '本次开庭已提请直播，请等待审批');
      publicity.broadcast = {
        decision: 'proposed',
        courtId: record.courtId,
        proposal: input.reason,
        proposedBy: ctx.caller.openid,
        proposedAt: ctx.now,
        objections: [],
      };
      action = 'broadcast.proposed';
      data = { proposal: input.reason };
      break;
    }
    case 'object': {
      assert(broadcast && broadcast.decision !== 'rejected', 'STATE', '本次开庭没有待决定或已批准的直播');
      assert(session.state === 'pending', 'STATE', '庭审已开始，异议应在开庭前提出');
      const party = ownParty(actor, record);
      const id = `objection-${broadcast.objections.length + 1}`;
      // An objection reopens an approval: the leader answers it before the broadcast stands.
      publicity.broadcast = {
        ...broadcast,
        decision: 'proposed',
        objections: [...broadcast.objections, { id, party, reason: input.reason, by: ctx.caller.openid, at: ctx.now }],
      };
      action = 'broadcast.objected';
      data = { objectionId: id, party };
      break;
    }
    case 'decide': {
      assert(broadcast && broadcast.decision === 'proposed', 'STATE', '本次开庭没有待审批的直播申请');
      const objections = broadcast.objections.map((o) => {
        const answer = input.answers.find((a) => a.objectionId === o.id);
        return answer ? { ...o, accepted: answer.accepted, answer: answer.answer } : o;
      });
      const unknown = input.answers.find((a) => !broadcast.objections.some((o) => o.id === a.objectionId));
      assertField(!unknown, 'answers', `没有编号为 ${unknown?.objectionId ?? ''} 的异议`);
      const unanswered = objections.filter((o) => o.accepted === undefined);
      assertField(unanswered.length === 0, 'answers', `请逐一答复当事人的异议，尚未答复：${unanswered.map((o) => o.id).join('、')}`);
      const bar = broadcastBar({ isPublic: !publicity.private, objections });
      if (input.approve) {
        assertField(!bar, 'approve', `不得直播：${bar?.reason ?? ''}`);
        assertField(input.streamUrl, 'streamUrl', '批准直播须填写直播地址');
      }
      publicity.broadcast = {
        ...broadcast,
        objections,
        decision: input.approve ? 'approved' : 'rejected',
        decidedBy: ctx.caller.openid,
        decidedAt: ctx.now,
        reason: input.reason,
        ...(input.approve && input.streamUrl ? { streamUrl: input.streamUrl } : {}),
      };
      action = 'broadcast.decided';
      data = { approve: input.approve, answered: objections.map((o) => ({ id: o.id, accepted: o.accepted })) };
      break;
    }
  }
  const next: HearingSession = { ...session, publicity };
  return ctx.commit(async (tx) => {
    await saveSession(ctx, tx, next, { action, actor: actor as Actor, data });
    return publicityView(record, hearing, next);
  });
}

// —— 群众服务: the public lists ——

type NoticesInput = z.output<typeof PublicNoticesInput>;

/** How far ahead the announcements reach, and how many cases one list reads. */
const ANNOUNCE_AHEAD_DAYS = 60;
const MAX_CASES = 500;

interface CourtDoc {
  _id: string;
  code: string;
  name: string;
  divisions?: { id: string; name: string }[];
  info?: { address?: string; hours?: string; phone?: string; location?: { latitude: number; longitude: number }; directions?: string };
}

type ListedCase = Pick<CaseRecord, '_id' | 'caseNumber' | 'courtName' | 'cause' | 'procedure' | 'parties' | 'hearings'>;
const LISTED_FIELDS = { caseNumber: true, courtName: true, cause: true, procedure: true, 'parties.role': true, 'parties.name': true, hearings: true };

const placeText = (hearing: HearingRecord) => (hearing.place.kind === 'online' ? '在线庭审' : (hearing.place.room ?? '本院法庭'));
const page = <T>(items: T[], input: { page: number; pageSize: number }) => ({
  items: items.slice(input.page * input.pageSize, (input.page + 1) * input.pageSize),
  more: items.length > (input.page + 1) * input.pageSize,
});

async function sessionsOf(ctx: ActionContext, ids: string[]): Promise<Map<string, HearingSession>> {
  if (ids.length === 0) return new Map();
  const _ = ctx.db.command;
  const found = await query<HearingSession>(
    ctx.db
      .collection('hearing_sessions')
      .where({ _id: _.in(ids) })
      .field({ publicity: true, state: true })
      .limit(ids.length),
  );
  return new Map(found.map((s) => [s._id, s]));
}

/** public-notices: 开庭公告, 庭审直播 and 法院信息, without login. */
export async function publicNotices(input: NoticesInput, ctx: ActionContext): Promise<PublicNoticesOutput> {
  const _ = ctx.db.command;
  switch (input.view) {
    case 'court': {
      const court = await findById<CourtDoc>(ctx.db, 'courts', input.courtId, { code: true, name: true, divisions: true, info: true });
      assert(court, 'NOT_FOUND', '未找到该法院');
      const info = court.info ?? {};
      return {
        view: 'court',
        court: {
          courtId: court._id,
          code: court.code,
          name: court.name,
          ...(info.address ? { address: info.address } : {}),
          ...(info.hours ? { hours: info.hours } : {}),
          ...(info.phone ? { phone: info.phone } : {}),
          ...(info.location ? { location: info.location } : {}),
          ...(info.directions ? { directions: info.directions } : {}),
          divisions: (court.divisions ?? []).map((d) => ({ name: d.name })),
        },
      };
    }
    case 'service': {
      const rows = await query<AnnouncementRecord>(
        ctx.db
          .collection('announcements')
          .where({ courtId: input.courtId, kind: 'service-by-notice', withdrawnAt: _.exists(false) })
          .orderBy('publishedAt', 'desc')
          .skip(input.page * input.pageSize)
          .limit(input.pageSize + 1)
          .field({ caseNumber: true, title: true, body: true, publishedAt: true, periodEndsOn: true }),
      );
      return {
        view: 'service',
        notices: rows.slice(0, input.pageSize).map((n) => ({
          caseNumber: n.caseNumber,
          title: n.title,
          body: n.body,
          publishedOn: chinaDate(n.publishedAt),
          deemedServedOn: n.periodEndsOn ?? '',
        })),
        page: input.page,
        more: rows.length > input.pageSize,
      };
    }
    case 'hearings': {
      const from = input.from ?? chinaDate(ctx.now);
      const start = endOfChinaDay(from);
      start.setTime(start.getTime() - 86_400_000);
      const until = new Date(start.getTime() + ANNOUNCE_AHEAD_DAYS * 86_400_000);
      const cases = await query<ListedCase>(
        ctx.db
          .collection('cases')
          .where({ courtId: input.courtId, procedure: 'ordinary', 'hearings.startsAt': _.gte(start).and(_.lt(until)) })
          .field(LISTED_FIELDS)
          .limit(MAX_CASES),
      );
      const upcoming = cases.flatMap((c) =>
        c.hearings.filter((h) => h.state !== 'cancelled' && h.startsAt >= start && h.startsAt < until).map((hearing) => ({ record: c, hearing })),
      );
      const sessions = await sessionsOf(
        ctx,
        upcoming.map(({ record, hearing }) => `${record._id}:${hearing.id}`),
      );
      // 民事诉讼法 第一百三十七条、第一百三十九条: a private hearing is not announced, and names no one.
      const listed = upcoming
        .filter(({ record, hearing }) => announcementRequired(record.procedure, !sessions.get(`${record._id}:${hearing.id}`)?.publicity?.private))
        .sort((a, b) => a.hearing.startsAt.getTime() - b.hearing.startsAt.getTime() || a.record.caseNumber.localeCompare(b.record.caseNumber));
      const { items, more } = page(listed, input);
      return {
        view: 'hearings',
        announcements: items.map(({ record, hearing }) => ({
          caseNumber: record.caseNumber,
          courtName: record.courtName,
          cause: record.cause,
          parties: record.parties.map((p) => ({ role: CaseRoles[p.role as keyof typeof CaseRoles] ?? p.role, name: p.name })),
          startsAt: hearing.startsAt.toISOString(),
          place: placeText(hearing),
          announceBy: announceBy(chinaDate(hearing.startsAt)),
        })),
        page: input.page,
        more,
      };
    }
    case 'live': {
      const sessions = await query<HearingSession>(
        ctx.db
          .collection('hearing_sessions')
          .where({
            'publicity.broadcast.decision': 'approved',
            ...(input.courtId ? { 'publicity.broadcast.courtId': input.courtId } : {}),
            state: _.neq('closed'),
          })
          .field({ caseId: true, hearingId: true, state: true, publicity: true })
          .limit(MAX_CASES),
      );
      const caseIds = [...new Set(sessions.map((s) => s.caseId))];
      const cases =
        caseIds.length === 0
          ? []
          : await query<ListedCase>(
              ctx.db
                .collection('cases')
                .where({ _id: _.in(caseIds) })
                .field(LISTED_FIELDS)
                .limit(caseIds.length),
            );
      const byId = new Map(cases.map((c) => [c._id, c]));
      const listed = sessions
        .flatMap((s) => {
          const record = byId.get(s.caseId);
          const hearing = record?.hearings.find((h) => h.id === s.hearingId && h.state !== 'cancelled');
          if (!record || !hearing || s.publicity?.private || !s.publicity?.broadcast?.streamUrl) return [];
          const live = s.state === 'open';
          // A hearing whose time has passed without opening is no longer "next".
          const ends = hearing.endsAt ?? new Date(hearing.startsAt.getTime() + 3_600_000);
          if (!live && ends < ctx.now) return [];
          return [{ record, hearing, live, streamUrl: s.publicity.broadcast.streamUrl }];
        })
        // What is on now first, then what comes next.
        .sort((a, b) => Number(b.live) - Number(a.live) || a.hearing.startsAt.getTime() - b.hearing.startsAt.getTime());
      const { items, more } = page(listed, input);
      return {
        view: 'live',
        hearings: items.map(({ record, hearing, live, streamUrl }) => ({
          caseNumber: record.caseNumber,
          courtName: record.courtName,
          cause: record.cause,
          startsAt: hearing.startsAt.toISOString(),
          state: live ? 'live' : 'approved',
          streamUrl,
        })),
        page: input.page,
        more,
      };
    }
  }
  throw new AppError('INVALID_INPUT', '请选择查看的内容');
}

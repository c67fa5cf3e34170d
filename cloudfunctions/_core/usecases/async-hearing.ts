import type * as z from 'zod';
import type { CaseEventType } from '#domain/case-events';
import { asyncHearingProblem, HearingStages, type HearingStage } from '#domain/online-hearing';
import { chinaDate, endOfChinaDay } from '#domain/time';
import { assert, attachUpload, invalidField, sha256Hex, type ActionContext, type StoredFile } from '#runtime';
import type { HearingAsyncInput, HearingAsyncOutput } from '#schemas/hearings';
import { authorize } from './access';
import { hearingOf, loadSession, ownParty, partyIndexes, saveSession, type HearingSession } from './hearings';
import type { CaseRecord } from './records';

/**
 * 非同步审理 (在线诉讼规则 第二十条第二款), on the hearing's session. States as legal-rules-2 §1.3 B:
 * applied (in writing) → consented (every party) → approved (the conditions found, each stage's
 * window set) | refused → the parties' recordings per stage → closed, after which the transcript
 * is read and signed as for any hearing. A recording after its window is kept and marked late: what
 * follows from it is the judges' decision (第六条), never automatic.
 */
export interface AsyncHearing {
  state: 'applied' | 'consented' | 'approved' | 'refused' | 'closed';
  application: { party: number; textSha256: string; difficulty: string; by: string; at: Date };
  consents: { party: number; textSha256: string; by: string; at: Date }[];
  decision?: { approve: boolean; mainFactsUndisputed: boolean; reason: string; by: string; at: Date };
  windows: { stage: HearingStage; from: string; to: string }[];
  uploads: { id: string; party: number; stage: HearingStage; file: StoredFile; by: string; at: Date; late: boolean }[];
  closedAt?: Date;
}

type AsyncInput = z.output<typeof HearingAsyncInput>;

function asyncView(record: CaseRecord, session: HearingSession): HearingAsyncOutput {
  const hearing = session.async;
  const parties = partyIndexes(record);
  const consented = hearing ? [...new Set([hearing.application.party, ...hearing.consents.map((c) => c.party)])].sort() : [];
  return {
    hearingId: session.hearingId,
    state: hearing?.state ?? 'none',
    ...(hearing ? { application: { party: hearing.application.party, at: hearing.application.at.toISOString() } } : {}),
    consented,
    awaiting: hearing ? parties.filter((p) => !consented.includes(p)) : [],
    ...(hearing?.decision ? { decision: { approve: hearing.decision.approve, reason: hearing.decision.reason, at: hearing.decision.at.toISOString() } } : {}),
    windows: (hearing?.windows ?? []).map((w) => ({ ...w, label: HearingStages[w.stage] })),
    uploads: (hearing?.uploads ?? []).map((u) => ({ id: u.id, party: u.party, stage: u.stage, sha256: u.file.sha256, at: u.at.toISOString(), late: u.late })),
    missing: (hearing?.windows ?? []).map((w) => ({
      stage: w.stage,
      parties: parties.filter((p) => !hearing?.uploads.some((u) => u.stage === w.stage && u.party === p)),
    })),
  };
}

/** hearing-async: the asynchronous hearing of one scheduled hearing. */
export async function asyncHearing(input: AsyncInput, ctx: ActionContext): Promise<HearingAsyncOutput> {
  const byParty = input.op === 'apply' || input.op === 'consent' || input.op === 'upload';
  const { record, actor } = await authorize(ctx, input.caseId, input.op === 'view' ? 'hearing.enter' : byParty ? 'hearing.attend' : 'hearing.rule');
  const hearing = hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  if (input.op === 'view') return asyncView(record, session);

  const current = session.async;
  const next: HearingSession = { ...session };
  let action: CaseEventType;
  let data: Record<string, unknown>;
  let caseUpdate: ((c: CaseRecord) => Record<string, unknown>) | undefined;
  switch (input.op) {
    case 'apply': {
      assert(session.state === 'pending', 'STATE', '庭审已开始，不能再申请非同步审理');
      assert(!current || current.state === 'refused', 'STATE', '本次开庭已申请非同步审理');
      const party = ownParty(actor, record);
      next.async = {
        state: partyIndexes(record).length === 1 ? 'consented' : 'applied',
        application: { party, textSha256: sha256Hex(input.application), difficulty: input.difficulty, by: ctx.caller.openid, at: ctx.now },
        consents: [],
        windows: [],
        uploads: [],
      };
      action = 'hearing.async-applied';
      data = { party, applicationSha256: next.async.application.textSha256, difficulty: input.difficulty };
      break;
    }
    case 'consent': {
      assert(current && current.state === 'applied', 'STATE', current ? '非同步审理已不在征求同意阶段' : '本次开庭没有非同步审理的申请');
      const party = ownParty(actor, record);
      assert(party !== current.application.party && !current.consents.some((c) => c.party === party), 'STATE', '您已同意非同步审理');
      const consents = [...current.consents, { party, textSha256: sha256Hex(input.textShown), by: ctx.caller.openid, at: ctx.now }];
      const all = partyIndexes(record).every((p) => p === current.application.party || consents.some((c) => c.party === p));
      next.async = { ...current, consents, state: all ? 'consented' : 'applied' };
      action = 'hearing.async-consented';
      data = { party, allConsented: all };
      break;
    }
    case 'decide': {
      assert(current && (current.state === 'applied' || current.state === 'consented'), 'STATE', '本次开庭没有待决定的非同步审理申请');
      if (input.approve) {
        const problem = asyncHearingProblem({
          procedure: record.procedure,
          smallClaims: false,
          writtenApplication: true,
          allConsented: current.state === 'consented',
          mainFactsUndisputed: input.mainFactsUndisputed,
          difficulty: current.application.difficulty.length > 0,
        });
        if (problem) throw invalidField('approve', problem);
        if (input.windows.length === 0) throw invalidField('windows', '请确定各庭审阶段的录制期间');
        const today = chinaDate(ctx.now);
        const stages = new Set<string>();
        for (const window of input.windows) {
          if (window.from > window.to) throw invalidField('windows', `${HearingStages[window.stage]}的期间起始日晚于截止日`);
          if (window.from < today) throw invalidField('windows', `${HearingStages[window.stage]}的期间不能早于今天`);
          if (stages.has(window.stage)) throw invalidField('windows', `${HearingStages[window.stage]}重复`);
          stages.add(window.stage);
        }
      }
      next.async = {
        ...current,
        state: input.approve ? 'approved' : 'refused',
        decision: { approve: input.approve, mainFactsUndisputed: input.mainFactsUndisputed, reason: input.reason, by: ctx.caller.openid, at: ctx.now },
        windows: input.approve ? input.windows : [],
      };
      action = 'hearing.async-decided';
      data = { approve: input.approve, mainFactsUndisputed: input.mainFactsUndisputed, windows: next.async.windows };
      break;
    }
    case 'upload': {
      assert(current && current.state === 'approved', 'STATE', '本次开庭未准许非同步审理，或已结束');
      const window = current.windows.find((w) => w.stage === input.stage);
      if (!window) throw invalidField('stage', `${HearingStages[input.stage]}不在本次非同步审理的阶段之内`);
      assert(ctx.now >= new Date(endOfChinaDay(window.from).getTime() - 86_400_000), 'STATE', `${HearingStages[input.stage]}的录制期间自 ${window.from} 开始`);
      const party = ownParty(actor, record);
      // The hash is computed from the file as stored (录音录像规定 第五条), never taken from the phone.
      const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.file, `cases/${record._id}/async-hearings`);
      const late = ctx.now >= endOfChinaDay(window.to);
      const id = `async-${input.hearingId}-${current.uploads.length + 1}`;
      next.async = { ...current, uploads: [...current.uploads, { id, party, stage: input.stage, file, by: ctx.caller.openid, at: ctx.now, late }] };
      action = 'hearing.async-recorded';
      data = { uploadId: id, party, stage: input.stage, sha256: file.sha256, late };
      caseUpdate = () => ({
        documents: ctx.db.command.push([
          {
            id,
            kind: 'hearing-recording',
            title: `非同步审理录像（${HearingStages[input.stage]}，${record.parties[party]?.name ?? ''}${late ? '，逾期上传' : ''}）`,
            file,
            at: ctx.now,
            by: ctx.caller.openid,
          },
        ]),
      });
      break;
    }
    case 'close': {
      assert(current && current.state === 'approved', 'STATE', '本次开庭没有进行中的非同步审理');
      next.async = { ...current, state: 'closed', closedAt: ctx.now };
      // The hearing is over: the transcript follows as for any hearing (民事诉讼法 第一百五十条).
      next.state = 'closed';
      next.closedAt = ctx.now;
      action = 'hearing.async-closed';
      data = { uploads: current.uploads.length, late: current.uploads.filter((u) => u.late).map((u) => u.id), hearingDay: chinaDate(hearing.startsAt) };
      break;
    }
  }
  return ctx.commit(async (tx) => {
    await saveSession(ctx, tx, next, { action, actor, data }, caseUpdate);
    return asyncView(record, next);
  });
}

import type * as z from 'zod';
import { yuanText } from '#domain/money';
import {
  CLOSED_KEPT_DAYS,
  compareByNext,
  countDeadlines,
  DeadlineKinds,
  DeadlineStates,
  DEADLINE_KINDS,
  deadlineState,
  nextDeadline,
  nextHearing,
  ReminderTemplates,
  REMINDER_TEMPLATES,
  type CaseDeadline,
  type RemindedKind,
  type ReminderTemplate,
} from '#domain/case-deadlines';
import { decide, PANEL, type Permission } from '#domain/authorization';
import { STATE_LABELS } from '#domain/filing';
import { daysLeft } from '#domain/deadlines';
import { chinaDate, utcDay } from '#domain/time';
import {
  findById,
  isDuplicateWrite,
  logReminders,
  MAX_PAGE,
  notify,
  pages,
  query,
  queryWithCaller,
  runWithRetry,
  type ActionContext,
  type Notice,
  type TimerContext,
} from '#runtime';
import type { WorkbenchCase, WorkbenchDeadline, WorkbenchInput, WorkbenchOutput } from '#schemas/management';
import { authorize, authorizeGlobally, authorizeInOwnUnit, partySideHolding, subjectOf } from './access';
import { DEADLINE_FIELDS, readDeadlines, type DeadlineRow } from './deadlines';
import type { CaseRecord, FilingRecord, ReminderRecord, SubscriptionRecord } from './records';

/*
 * 工作台 (legal-rules-2 §4, §5; issue 16 items 6 and 7): the judge's and the clerk's own cases
 * ordered by the next deadline of any kind, the unit's for its division leader and its president,
 * the registrar's filings past their review day; and the reminders of a party's or a lawyer's
 * deadlines, sent once each by the daily timer to whoever accepted them on the phone.
 */

/** Cases a view shows at most; `more` says when there are others. */
const VIEW_LIMIT = 500;
/** People whose cases one query of the daily run reads. */
const SUBSCRIBERS_PER_QUERY = 100;

const VIEW_FIELDS = {
  ...DEADLINE_FIELDS,
  caseNumber: true,
  cause: true,
  courtId: true,
  divisionId: true,
  members: true,
  representations: true,
  'panel.presiding': true,
};

type ViewRow = DeadlineRow &
  Pick<CaseRecord, 'caseNumber' | 'cause' | 'courtId' | 'members'> &
  Partial<Pick<CaseRecord, 'divisionId' | 'representations' | 'panel' | 'hearings' | 'fee'>>;

/** Open cases, and closed ones while their decision may still be appealed or published. */
function onTheWorkbench(ctx: Pick<ActionContext, 'db' | 'now'>) {
  const _ = ctx.db.command;
  const keptFrom = utcDay(chinaDate(ctx.now)).subtract(CLOSED_KEPT_DAYS, 'day').format('YYYY-MM-DD');
  return _.or([{ state: _.in(['accepted', 'in-trial']) }, { state: 'closed', 'closing.on': _.gte(keptFrom) }]);
}

const deadlineView = (d: CaseDeadline): WorkbenchDeadline => ({
  kind: d.kind,
  label: d.label,
  date: d.date,
  daysLeft: d.daysLeft,
  state: d.state,
  stateLabel: DeadlineStates[d.state],
  basis: d.basis,
});

function caseView(row: ViewRow, deadlines: readonly CaseDeadline[]): WorkbenchCase {
  const next = nextDeadline(deadlines);
  return {
    caseId: row._id,
    caseNumber: row.caseNumber,
    cause: row.cause,
    stateLabel: STATE_LABELS[row.state] ?? row.state,
    ...(row.panel?.presiding ? { judge: row.panel.presiding.name } : {}),
    ...(next ? { next: deadlineView(next) } : {}),
    deadlines: deadlines.map(deadlineView),
  };
}

function countsOf(deadlines: readonly CaseDeadline[]) {
  const { byKind, byState } = countDeadlines(deadlines);
  return {
    byKind: DEADLINE_KINDS.map((kind) => ({ kind, label: DeadlineKinds[kind].label, count: byKind[kind] })),
    overdue: byState.overdue,
    dueSoon: byState['due-soon'],
    later: byState.later,
  };
}

/** The cases a query found that the caller may read (the permission table decides, row by row), with their deadlines, next first. */
async function casesWithDeadlines(ctx: ActionContext, rows: ViewRow[]): Promise<{ cases: WorkbenchCase[]; all: CaseDeadline[] }> {
  const subject = subjectOf(ctx.caller);
  const readable = rows.filter((row) => decide(subject, row, 'case.read', ctx.now).ok);
  const deadlines = await readDeadlines(ctx.db, readable, ctx.now);
  const cases = readable.map((row) => caseView(row, deadlines.get(row._id) ?? []));
  cases.sort((a, b) => compareByNext(a.next, b.next));
  return { cases, all: [...deadlines.values()].flat() };
}

/** 我的案件: the judge's or the clerk's cases on the panel, by the next deadline of any kind, with counts per kind. */
async function mine(ctx: ActionContext): Promise<WorkbenchOutput> {
  const { courtId } = authorizeInOwnUnit(ctx, 'workbench.own');
  const _ = ctx.db.command;
  const rows = await queryWithCaller<ViewRow>(
    ctx,
    'cases',
    _.and([{ courtId, members: _.elemMatch({ openid: ctx.caller.openid, role: _.in([...PANEL]), revokedAt: _.exists(false) }) }, onTheWorkbench(ctx)]),
    { orderBy: ['trialLimitOn', 'asc'], limit: VIEW_LIMIT + 1, fields: VIEW_FIELDS },
  );
  const { cases, all } = await casesWithDeadlines(ctx, rows.slice(0, VIEW_LIMIT));
  return { op: 'mine', cases, counts: countsOf(all), more: rows.length > VIEW_LIMIT };
}

/**
 * 本庭/本院: the division leader's cases of his division, the president's of the court (or of
 * one division he names), overdue first, and per presiding judge how many are overdue.
 */
async function unit(ctx: ActionContext, divisionId: string | undefined): Promise<WorkbenchOutput> {
  const authorized = authorizeInOwnUnit(ctx, 'workbench.unit', divisionId);
  const courtWide = divisionId === undefined && authorized.grants.some((g) => g.via === 'unit' && g.role === 'president');
  const where = courtWide ? { courtId: authorized.courtId } : { courtId: authorized.courtId, divisionId: authorized.divisionId ?? '' };
  const rows = await queryWithCaller<ViewRow>(ctx, 'cases', ctx.db.command.and([where, onTheWorkbench(ctx)]), {
    orderBy: ['trialLimitOn', 'asc'],
    limit: VIEW_LIMIT + 1,
    fields: VIEW_FIELDS,
  });
  const { cases, all } = await casesWithDeadlines(ctx, rows.slice(0, VIEW_LIMIT));
  // Per presiding judge, by account (two judges may share a name), shown by name.
  const presidingOf = new Map(rows.map((row) => [row._id, row.panel?.presiding.openid ?? '']));
  const judges = new Map<string, { judge: string; cases: number; overdue: number; dueSoon: number }>();
  for (const c of cases) {
    const key = presidingOf.get(c.caseId) ?? '';
    const entry = judges.get(key) ?? { judge: c.judge ?? '未分案', cases: 0, overdue: 0, dueSoon: 0 };
    entry.cases += 1;
    if (c.deadlines.some((d) => d.state === 'overdue')) entry.overdue += 1;
    else if (c.deadlines.some((d) => d.state === 'due-soon')) entry.dueSoon += 1;
    judges.set(key, entry);
  }
  const byJudge = [...judges.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || b.cases - a.cases);
  return { op: 'unit', scope: courtWide ? 'court' : 'division', cases, byJudge, counts: countsOf(all), more: rows.length > VIEW_LIMIT };
}

/**
 * 立案审查: the court's filings awaiting review, the earliest last day of review first (登记立案规定
 * 第八条), one page of them, with how many of the whole queue are overdue and due soon. The
 * registrar's one queue: the home page's 立案审查 and the workbench both read it here.
 */
async function reviewQueue(ctx: ActionContext, page: number, pageSize: number): Promise<WorkbenchOutput> {
  const { courtId } = authorizeInOwnUnit(ctx, 'filing.review-queue');
  const rows = await queryWithCaller<Pick<FilingRecord, '_id' | 'cause' | 'receivedOn' | 'reviewDueOn'>>(
    ctx,
    'filings',
    { courtId, state: 'submitted' },
    { orderBy: ['reviewDueOn', 'asc'], limit: MAX_PAGE, fields: { cause: true, receivedOn: true, reviewDueOn: true } },
  );
  const today = chinaDate(ctx.now);
  const filings = rows.map((f) => {
    const state = deadlineState('filing-review', today, f.reviewDueOn);
    return {
      filingId: f._id,
      cause: f.cause,
      receivedOn: f.receivedOn,
      reviewDueOn: f.reviewDueOn,
      state,
      stateLabel: DeadlineStates[state],
      daysLeft: daysLeft(today, f.reviewDueOn),
    };
  });
  const shown = filings.slice(page * pageSize, (page + 1) * pageSize);
  return {
    op: 'review-queue',
    filings: shown,
    overdueCount: filings.filter((f) => f.state === 'overdue').length,
    dueSoonCount: filings.filter((f) => f.state === 'due-soon').length,
    pendingCount: filings.length,
    page,
    // The queue is read whole, up to MAX_PAGE (1000) filings: a court's week of filings is far fewer.
    hasMore: filings.length > (page + 1) * pageSize,
  };
}

/** One case's deadlines, as every reader of the case may see them (流程公开规定 第七条 discloses the limit, hearings, service and appeal). */
async function oneCase(ctx: ActionContext, caseId: string): Promise<WorkbenchOutput> {
  const { record } = await authorize(ctx, caseId, 'case.read');
  const deadlines = await readDeadlines(ctx.db, [record], ctx.now);
  return { op: 'case', caseId: record._id, deadlines: (deadlines.get(record._id) ?? []).map(deadlineView) };
}

const REMINDED_KINDS = Object.keys(ReminderTemplates) as RemindedKind[];
const kindOfTemplate = (template: ReminderTemplate) => REMINDED_KINDS.find((k) => ReminderTemplates[k] === template) as RemindedKind;

function remindersView(record: SubscriptionRecord | null) {
  return REMINDER_TEMPLATES.map((template) => {
    const kind = kindOfTemplate(template);
    const templateId = process.env[template];
    return {
      template,
      kind,
      label: `${DeadlineKinds[kind].label}提醒`,
      ...(templateId ? { templateId } : {}),
      remaining: record?.remaining[template] ?? 0,
    };
  });
}

/** The reminders the caller accepted, each template with how many messages it still allows. */
async function reminders(ctx: ActionContext): Promise<WorkbenchOutput> {
  await authorizeGlobally(ctx, 'reminders.subscribe');
  return { op: 'reminders', reminders: remindersView(await findById<SubscriptionRecord>(ctx.db, 'subscriptions', ctx.caller.openid)) };
}

/** Records what the phone's wx.requestSubscribeMessage answered 'accept' for: one more message of each template. */
async function subscribe(ctx: ActionContext, accepted: readonly ReminderTemplate[]): Promise<WorkbenchOutput> {
  await authorizeGlobally(ctx, 'reminders.subscribe');
  return ctx.commit(async (tx) => {
    const current = await findById<SubscriptionRecord>(tx, 'subscriptions', ctx.caller.openid);
    const remaining = { ...(current?.remaining ?? {}) };
    for (const template of new Set(accepted)) remaining[template] = (remaining[template] ?? 0) + 1;
    const total = Object.values(remaining).reduce((sum, n) => sum + (n ?? 0), 0);
    const next: Omit<SubscriptionRecord, '_id'> = { remaining, total, updatedAt: ctx.now };
    await tx.collection('subscriptions').doc(ctx.caller.openid).set({ data: next });
    return { op: 'subscribe' as const, reminders: remindersView({ _id: ctx.caller.openid, ...next }) };
  });
}

/** 工作台: mine, unit, review-queue, case, reminders, subscribe. */
export async function workbench(input: z.output<typeof WorkbenchInput>, ctx: ActionContext): Promise<WorkbenchOutput> {
  switch (input.op) {
    case 'mine':
      return mine(ctx);
    case 'unit':
      return unit(ctx, input.divisionId);
    case 'review-queue':
      return reviewQueue(ctx, input.page, input.pageSize);
    case 'case':
      return oneCase(ctx, input.caseId);
    case 'reminders':
      return reminders(ctx);
    case 'subscribe':
      return subscribe(ctx, input.accepted);
  }
}

/** Who of a party's side is reminded of a deadline: who may act on it (an appeal: that party and its agents). */
const REMINDED_BY: Record<RemindedKind, Permission> = {
  'fee-payment': 'fee.pay',
  hearing: 'hearing.attend',
  'transcript-signatures': 'hearing.attend',
  // 民事诉讼法 第六十二条: an agent appeals only with the power to.
  appeal: 'appeal.file',
};

/** The subscribe message of one reminder, in its template's fields. */
function reminderNotice(row: ViewRow, deadline: CaseDeadline & { kind: RemindedKind }, touser: string, now: Date): Notice {
  const page = pages.caseDetail(row._id);
  const caseNumber = row.caseNumber;
  switch (deadline.kind) {
    case 'fee-payment':
      return {
        template: 'MC_TPL_REMIND_FEE',
        touser,
        page,
        values: { caseNumber, amount: yuanText(row.fee?.feeFen ?? 0), dueOn: deadline.date, note: '请在截止日前预交诉讼费' },
      };
    case 'hearing': {
      const next = nextHearing(
        (row.hearings ?? []).map((h) => ({ ...h, cancelled: h.state === 'cancelled' })),
        now,
      );
      const place = next?.place.kind === 'online' ? '在线庭审' : (next?.place.room ?? '法庭');
      return {
        template: 'MC_TPL_REMIND_HEARING',
        touser,
        page,
        values: { caseNumber, ...(next ? { hearingAt: next.startsAt } : {}), place, note: '请按时参加庭审' },
      };
    }
    case 'transcript-signatures':
      return { template: 'MC_TPL_REMIND_TRANSCRIPT', touser, page, values: { caseNumber, dueOn: deadline.date, note: '请阅读并签名确认庭审笔录' } };
    case 'appeal': {
      const title = row.decisions?.find((d) => d.id === row.closing?.decisionId)?.title ?? '裁判文书';
      return {
        template: 'MC_TPL_REMIND_APPEAL',
        touser,
        page,
        values: { caseNumber, document: title, dueOn: deadline.date, note: '如不服，可在期限内提起上诉' },
      };
    }
  }
}

const isReminded = (d: CaseDeadline): d is CaseDeadline & { kind: RemindedKind } => d.kind in ReminderTemplates;

/**
 * The daily run (workbench's timer trigger `deadline-reminders`): each deadline due soon of a
 * party's side (a fee, a hearing, a transcript to sign, an appeal period) is sent once to each
 * member of that side who may act on it and has an acceptance of its template left; the
 * acceptance is used up in the transaction that records the reminder, and given back if WeChat
 * refuses the message. One log line counts what was sent and skipped.
 */
export async function sendReminders(
  ctx: TimerContext,
): Promise<{ due: number; sent: number; failed: number; alreadySent: number; noConsent: number; recovered: number }> {
  const _ = ctx.db.command;
  const tally = { due: 0, sent: 0, failed: 0, alreadySent: 0, noConsent: 0, recovered: await recoverUnsettled(ctx) };
  const subscribers = new Map<string, SubscriptionRecord>();
  for (let page = 0; ; page += 1) {
    const found = await query<SubscriptionRecord>(
      ctx.db
        .collection('subscriptions')
        .where({ total: _.gt(0) })
        .orderBy('_id', 'asc')
        .skip(page * MAX_PAGE)
        .limit(MAX_PAGE),
    );
    for (const s of found) subscribers.set(s._id, s);
    if (found.length < MAX_PAGE) break;
  }
  const openids = [...subscribers.keys()];
  const rows = new Map<string, ViewRow>();
  for (let i = 0; i < openids.length; i += SUBSCRIBERS_PER_QUERY) {
    const part = openids.slice(i, i + SUBSCRIBERS_PER_QUERY);
    for (let page = 0; ; page += 1) {
      const found = await query<ViewRow>(
        ctx.db
          .collection('cases')
          .where(_.and([{ members: _.elemMatch({ openid: _.in(part), revokedAt: _.exists(false) }) }, onTheWorkbench(ctx)]))
          .orderBy('_id', 'asc')
          .skip(page * MAX_PAGE)
          .limit(MAX_PAGE)
          .field(VIEW_FIELDS),
      );
      for (const row of found) rows.set(row._id, row);
      if (found.length < MAX_PAGE) break;
    }
  }
  const cases = [...rows.values()];
  const deadlines = await readDeadlines(ctx.db, cases, ctx.now);
  const due: { id: string; openid: string; row: ViewRow; deadline: CaseDeadline & { kind: RemindedKind } }[] = [];
  for (const row of cases) {
    for (const deadline of (deadlines.get(row._id) ?? []).filter(isReminded).filter((d) => d.state === 'due-soon')) {
      const holders = partySideHolding(row, REMINDED_BY[deadline.kind], ctx.now, deadline.kind === 'appeal' ? deadline.party : undefined);
      for (const member of holders) {
        if (!subscribers.has(member.openid)) continue;
        const id = [member.openid, row._id, deadline.kind, deadline.date, deadline.party ?? ''].join(':');
        due.push({ id, openid: member.openid, row, deadline });
      }
    }
  }
  tally.due = due.length;
  const done = new Set<string>();
  for (let i = 0; i < due.length; i += MAX_PAGE) {
    const ids = due.slice(i, i + MAX_PAGE).map((d) => d.id);
    const found = await query<{ _id: string }>(
      ctx.db
        .collection('reminders')
        .where({ _id: _.in(ids) })
        .field({ _id: true })
        .limit(MAX_PAGE),
    );
    for (const r of found) done.add(r._id);
  }
  for (const reminder of due) {
    if (done.has(reminder.id)) {
      tally.alreadySent += 1;
      continue;
    }
    const template = ReminderTemplates[reminder.deadline.kind];
    if ((subscribers.get(reminder.openid)?.remaining[template] ?? 0) <= 0) {
      tally.noConsent += 1;
      continue;
    }
    const taken = await takeAcceptance(ctx, reminder.id, reminder.openid, reminder.row._id, reminder.deadline, template);
    if (taken !== 'taken') {
      tally[taken] += 1;
      continue;
    }
    const subscriber = subscribers.get(reminder.openid) as SubscriptionRecord;
    subscriber.remaining[template] = (subscriber.remaining[template] ?? 1) - 1;
    const sent = (await notify(ctx, [reminderNotice(reminder.row, reminder.deadline, reminder.openid, ctx.now)])).sent === 1;
    await settleReminder(ctx, reminder.id, reminder.openid, template, sent);
    tally[sent ? 'sent' : 'failed'] += 1;
  }
  logReminders({ day: chinaDate(ctx.now), ...tally });
  return tally;
}

/** Uses one acceptance of the template and records the reminder, in one transaction; a reminder already recorded is not sent again. */
async function takeAcceptance(
  ctx: TimerContext,
  id: string,
  openid: string,
  caseId: string,
  deadline: CaseDeadline & { kind: RemindedKind },
  template: ReminderTemplate,
): Promise<'taken' | 'alreadySent' | 'noConsent'> {
  try {
    return await runWithRetry(ctx.db, async (tx) => {
      const current = await findById<SubscriptionRecord>(tx, 'subscriptions', openid);
      const left = current?.remaining[template] ?? 0;
      if (!current || left <= 0) return 'noConsent' as const;
      const record: ReminderRecord = { _id: id, openid, caseId, kind: deadline.kind, date: deadline.date, template, state: 'sending', at: ctx.now };
      await tx.collection('reminders').add({ data: record });
      await tx
        .collection('subscriptions')
        .doc(openid)
        .update({ data: { [`remaining.${template}`]: left - 1, total: Math.max(0, current.total - 1), updatedAt: ctx.now } });
      return 'taken' as const;
    });
  } catch (error) {
    if (isDuplicateWrite(error)) return 'alreadySent';
    throw error;
  }
}

/**
 * The reminder sent, or not: then its acceptance is given back, since WeChat did not use it. The
 * reminder's state and the acceptance change together, in one transaction.
 */
async function settleReminder(ctx: TimerContext, id: string, openid: string, template: ReminderTemplate, sent: boolean): Promise<void> {
  await runWithRetry(ctx.db, async (tx) => {
    const current = sent ? null : await findById<SubscriptionRecord>(tx, 'subscriptions', openid);
    await tx
      .collection('reminders')
      .doc(id)
      .update({ data: sent ? { state: 'sent', sentAt: ctx.now } : { state: 'failed' } });
    if (current)
      await tx
        .collection('subscriptions')
        .doc(openid)
        .update({ data: { [`remaining.${template}`]: (current.remaining[template] ?? 0) + 1, total: current.total + 1, updatedAt: ctx.now } });
  });
}

/**
 * Reminders an earlier run recorded and never settled (it stopped between recording and sending):
 * whether WeChat had the message is unknown, so it is not sent again (its record keeps it from
 * that), and the acceptance is given back.
 */
async function recoverUnsettled(ctx: TimerContext): Promise<number> {
  const left = await query<Pick<ReminderRecord, '_id' | 'openid' | 'template'>>(
    ctx.db
      .collection('reminders')
      .where({ state: 'sending', at: ctx.db.command.lt(ctx.now) })
      .field({ openid: true, template: true })
      .limit(MAX_PAGE),
  );
  for (const r of left) await settleReminder(ctx, r._id, r.openid, r.template, false);
  return left.length;
}

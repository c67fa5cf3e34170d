import cloud from 'wx-server-sdk';
import * as z from 'zod';
import { callerCache, callerFrom, loadCaller, USER_FIELDS, type Caller, type UserRecord } from './caller';
import { canonicalJson } from './canonical-json';
import { readTicket } from './ticket';
import { systemClock } from './clock';
import { findById, isDuplicateWrite, query, isTransactionConflict, type Database, type Transaction } from './db';
import { AppError, invalidInput } from './errors';
import { logCall, logError } from './log';
import { firstAnswer, idempotencyKey, writeAnswer, type AnswerPlace, type IdempotencyRecord } from './idempotency';
import { knownKey, withTxState, type TxState } from './tx-state';
import { bringUp, bringUpChain, commitByEvent, isChainClash, pendingFor, type EventScope } from './event-commit';
import type { StoredCaseEvent } from './case-events';
import { inputMessages } from '../schemas/messages';
import { jsonProblem } from '../schemas/fields';
import { contract, type ActionEntry, type Envelope, type ActionName, type ActionOutput, type Contract } from '../contract';

// Chinese messages, worded per field, for every validation failure a schema does not word itself.
z.config(inputMessages());

// One SDK instance per function instance, initialised at load, pointed at the current env.
// The SDK's types say string, but init() takes the DYNAMIC_CURRENT_ENV symbol by design.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export type { Envelope } from '../contract';

/** What defineAction needs of an action: its contract entry (less what only the build reads) and its name. */
export type ActionSpec<S extends z.ZodType> = Pick<
  ActionEntry<S>,
  'input' | 'allow' | 'verified' | 'mutating' | 'requestIdField' | 'requestIdDefault' | 'timer' | 'eventFirst'
> & {
  /** The answer's schema: what leaves the function is parsed by it, so no undeclared field (an openid, a number) slips out. */
  output?: z.ZodType;
  /** The deployed function name, unique across modules. */
  name: string;
};

export interface ActionContext {
  db: Database;
  cloud: typeof cloud;
  now: Date;
  caller: Caller;
  /** The client's requestId for a mutating action. */
  requestId: string | undefined;
  /**
   * Runs the action's writes in one transaction together with the idempotency record, and
   * returns what the action answers. A retry with the same requestId gets this answer back.
   * Work that takes no transaction (`async () => answer`) writes its answer alone, in one insert.
   */
  commit<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * A change that is one new document, without a transaction: a single insert is atomic by
   * itself. The document's id must follow from what it is (so a racing twin collides on it)
   * and the document must carry the requestId, so that the handler answers a retry from the
   * document itself. Resolves false, having written nothing, when the id is already taken;
   * the handler then goes on with commit(), which may not follow a successful insertOne().
   */
  insertOne(collection: string, doc: { _id: string } & object): Promise<boolean>;
  /**
   * The answer already given to this requestId, if any. Actions that call an outside service
   * before committing (WeChat Pay) ask first, so a retry repeats neither the call nor the answer.
   */
  previousAnswer<T>(): Promise<T | null>;
  /**
   * For a change written without a transaction, one guarded write at a time (each idempotent, a
   * retry completing what a failed call left): records that the handler wrote `collection/id`, so
   * the call is not made again on a fresh caller once it has written, and a `users` record it
   * wrote is forgotten by this instance's caller cache.
   */
  wrote(collection: string, id: string): void;
}

export type Handler<S extends z.ZodType, T> = (input: z.output<S>, ctx: ActionContext) => Promise<T>;

/** What a timer trigger's run has: the database, the SDK and the time; no caller. */
export type TimerContext = Pick<ActionContext, 'db' | 'cloud' | 'now'>;

/** What a function does when its timer trigger fires (`ActionEntry.timer`). */
export type TimerHandler = (ctx: TimerContext) => Promise<unknown>;

/** A timer trigger's event, as SCF sends it: `{ Type: 'Timer', TriggerName, Time, Message }`. */
function isTimerEvent(event: WxEvent): event is WxEvent & { TriggerName?: unknown } {
  return typeof event.Type === 'string' && event.Type.toLowerCase() === 'timer';
}

type WxEvent = Record<string, unknown> & { userInfo?: unknown };

const anonymous = (identity: { openid: string; appid?: string; unionid?: string }): Caller => ({
  openid: identity.openid,
  appid: identity.appid,
  unionid: identity.unionid,
  roles: new Set(),
  user: null,
  staff: null,
});

/**
 * Wraps a use case as a cloud function: identifies the caller, authorizes, parses input,
 * makes writes idempotent, maps every failure to the envelope, and logs one line per call.
 * The returned `main` never throws.
 */
export function defineAction<S extends z.ZodType, T>(spec: ActionSpec<S>, handler: Handler<S, T>, onTimer?: TimerHandler) {
  if ((spec.timer === undefined) !== (onTimer === undefined)) throw new Error(`${spec.name}: a timer trigger needs both its contract name and its handler`);
  const attemptFields = [spec.requestIdField ?? 'requestId'].flat();
  if (
    spec.mutating &&
    spec.requestIdDefault === undefined &&
    !attemptFields.some((field) => declaresField(spec.input, field)) &&
    !declaresSomeField(spec.input, attemptFields)
  ) {
    throw new Error(`${spec.name}: a mutating action's input must declare ${attemptFields.join(' or ')}`);
  }
  // Every court function uses the court's one database: a function deployed in another court
  // environment is given the database's environment id at deploy (the build checks it declares it).
  const db = process.env.MC_DATABASE_ENV ? cloud.database({ env: process.env.MC_DATABASE_ENV }) : cloud.database();
  // The callers this instance has read, kept a few seconds (caller.ts).
  const callers = callerCache(db);
  // Where this function's answers go (an event, or an idempotency record), once it has committed one.
  let answers: AnswerPlace;

  return async function main(event: WxEvent): Promise<Envelope<T>> {
    const started = performance.now();
    let requestId: string | undefined;
    let role: string | undefined;
    try {
      if (spec.timer !== undefined && onTimer && event && isTimerEvent(event)) {
        // Only the trigger itself: SCF marks its run wx_trigger and gives it no caller. A phone,
        // a web client or another function sending the same event is refused before anything runs.
        const wx = cloud.getWXContext();
        if (wx.SOURCE !== 'wx_trigger' || wx.OPENID || event.TriggerName !== spec.timer) throw new AppError('FORBIDDEN');
        role = 'timer';
        const data_ = (await onTimer({ db, cloud, now: systemClock() })) as T;
        logCall({ action: spec.name, role, durationMs: elapsed(started), outcome: 'ok' });
        return { ok: true, data: data_ };
      }
      const { userInfo: _userInfo, ...data } = event ?? {};
      const parsed = parseInput(spec.input, data);
      if (!parsed.success) throw parsed.error;
      const input = parsed.data as z.output<S>;
      requestId = spec.mutating ? attemptOf(spec, input) : undefined;

      const wx = cloud.getWXContext();
      const identity = { openid: String(wx.OPENID ?? ''), appid: wx.APPID as string | undefined, unionid: wx.UNIONID as string | undefined };
      const now = systemClock();
      // The caller from this instance's cache; a refusal made on a cached record is made again on a fresh one.
      let callerFresh = spec.allow === 'public';
      const identify = async (fresh: boolean): Promise<Caller> => {
        if (spec.allow === 'public') return anonymous(identity);
        if (!identity.openid) throw new AppError('UNAUTHENTICATED');
        // A verified person's ticket (ticket.ts), where the action's input takes one, stands for the read.
        const ticket = fresh ? null : ticketOf(input, identity.openid, now);
        const caller = ticket ? callerFrom(identity, spec.allow, ticket) : await loadCaller(db, identity, spec.allow, { cache: callers, now, fresh });
        role = spec.allow.find((r) => caller.roles.has(r));
        if (!role) throw new AppError('FORBIDDEN');
        if (spec.verified && (role === 'party' || role === 'lawyer') && !caller.user?.verifiedAt) throw new AppError('NOT_VERIFIED');
        return caller;
      };
      let caller: Caller;
      try {
        caller = await identify(false);
      } catch (error) {
        if (callerFresh || !isRefusal(error)) throw error;
        callerFresh = true;
        caller = await identify(true);
      }
      // Whether the record came from this instance's cache, so that the call's first read confirms it (`readWithCaller`).
      const fromCache = !callerFresh && !ticketOf(input, identity.openid, now);

      const key = requestId === undefined ? undefined : idempotencyKey(spec.name, caller.openid, requestId);
      let committed: { value: T } | 'inserted' | undefined;
      // Whether the handler wrote outside commit() and insertOne() (`wrote`).
      let wroteDirectly = false;
      // What the call read before its transaction (the case authorize() read), for the first attempt.
      const known = new Map<string, unknown>();
      const contextFor = (caller: Caller): ActionContext => ({
        db,
        cloud,
        now,
        caller,
        requestId,
        async commit<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
          if (key === undefined) throw new Error(`${spec.name}: commit() in an action not declared mutating`);
          if (committed) throw new Error(`${spec.name}: commit() after a commit() or insertOne()`);
          if (work.length === 0) {
            // Work that takes no transaction changes nothing: its answer alone is kept, in one insert
            // (a retry racing it collides on the key, as inside a transaction).
            const result = await (work as () => Promise<R>)();
            await db.collection('idempotency').add({ data: { _id: key, action: spec.name, at: now, data: result } satisfies IdempotencyRecord });
            answers = 'record';
            known.clear();
            committed = { value: result as unknown as T };
            return result;
          }
          // The build writes 'false' here for a bundle whose contract entry never commits by its event
          // (scripts/build.ts), and the code below is left out of it.
          if (process.env.MC_EVENT_COMMIT !== 'false' && spec.eventFirst) {
            const done = await commitByEvent(db, work, { key, action: spec.name, at: now, known, scope: spec.eventFirst });
            if (done) {
              answers = 'event';
              known.clear();
              committed = { value: done.result as unknown as T };
              return done.result;
            }
          }
          const written = new Set<string>();
          const value = await runWithRetry(db, async (tx: Transaction, attempt: number): Promise<{ result: R; place: AnswerPlace }> => {
            const state: TxState = { events: [], known: attempt === 1 ? known : undefined, usedKnown: false, users: new Set(), db };
            try {
              const result = await work(withTxState(tx, state));
              const place = await writeAnswer(tx, state, { _id: key, action: spec.name, at: now, data: result });
              return { result, place };
            } finally {
              for (const id of state.users) written.add(id);
            }
          });
          for (const id of written) callers.forget(id);
          answers = value.place;
          known.clear();
          committed = { value: value.result as unknown as T };
          return value.result;
        },
        async insertOne(collection: string, doc: { _id: string } & object): Promise<boolean> {
          if (key === undefined) throw new Error(`${spec.name}: insertOne() in an action not declared mutating`);
          if (committed) throw new Error(`${spec.name}: insertOne() after a commit() or insertOne()`);
          try {
            await db.collection(collection).add({ data: doc });
          } catch (error) {
            if (isDuplicateWrite(error)) return false;
            throw error;
          }
          committed = 'inserted';
          return true;
        },
        async previousAnswer<R>(): Promise<R | null> {
          if (key === undefined) return null;
          return (await firstAnswer<R>(db, key, answers))?.data ?? null;
        },
        wrote(collection: string, id: string): void {
          if (key === undefined) throw new Error(`${spec.name}: wrote() in an action not declared mutating`);
          wroteDirectly = true;
          if (collection === 'users') callers.forget(id);
        },
      });
      knownReads.set(caller, known);
      if (fromCache) {
        const kept = caller;
        cachedCallers.set(kept, () => callers.confirmed(kept.openid, now, kept.user));
      }

      const run = async (ctx: ActionContext): Promise<T> => {
        try {
          return await handler(input, ctx);
        } catch (error) {
          // A retry of a call that already succeeded either fails its preconditions (the
          // first call changed the state) or collides on the idempotency key: answer the
          // first result in both cases.
          if (key !== undefined && (error instanceof AppError || isDuplicateWrite(error) || isTransactionConflict(error))) {
            const first = await firstAnswer<T>(db, key);
            if (first) throw new Replayed(first.data);
            if (!(error instanceof AppError)) throw new AppError('CONFLICT', undefined, { cause: error });
          }
          throw error;
        }
      };
      let data_: T;
      try {
        try {
          data_ = await run(contextFor(caller));
        } catch (error) {
          // Refused on a cached caller before anything was written: asked again of a fresh record
          // (one verified or given a role a moment ago, on another instance, is not refused). A
          // cached record the call's first read found changed (`readWithCaller`): the call is made
          // again on the fresh one, refused at once if it no longer holds (a staff member revoked).
          const changed = error instanceof CallerChanged;
          if (callerFresh || committed || wroteDirectly || !(isRefusal(error) || changed)) throw error;
          callerFresh = true;
          const fresh = await identify(true);
          if (!changed && JSON.stringify(fresh.user) === JSON.stringify(caller.user)) throw error;
          caller = fresh;
          known.clear();
          knownReads.set(caller, known);
          data_ = await run(contextFor(caller));
        }
      } catch (error) {
        if (!(error instanceof Replayed)) throw error;
        logCall({ action: spec.name, requestId, role, durationMs: elapsed(started), outcome: 'replayed' });
        return { ok: true, data: answerOf(spec, error.data as T) };
      }
      if (committed && committed !== 'inserted' && committed.value !== data_) throw new Error(`${spec.name}: the answer must be what commit() returned`);
      logCall({ action: spec.name, requestId, role, durationMs: elapsed(started), outcome: 'ok' });
      return { ok: true, data: answerOf(spec, data_) };
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', undefined, { cause: error });
      if (appError.code === 'INTERNAL') {
        const cause = appError.cause ?? error;
        logError({
          action: spec.name,
          requestId,
          error: cause instanceof Error ? `${cause.name}: ${cause.message}` : describeUnknown(cause),
          stack: cause instanceof Error ? cause.stack : undefined,
        });
      }
      logCall({ action: spec.name, requestId, role, durationMs: elapsed(started), outcome: 'error', code: appError.code });
      const body: Envelope<T> = { ok: false, error: { code: appError.code, message: appError.message } };
      if (appError.fields) body.error.fields = appError.fields;
      return body;
    }
  };
}

/** The record a ticket in the input vouches for, if the input carries one that holds. */
function ticketOf(input: unknown, openid: string, now: Date) {
  const ticket = (input as { ticket?: unknown } | null)?.ticket;
  return typeof ticket === 'string' && ticket !== '' ? readTicket(ticket, openid, now) : null;
}

/** A retry answered with the first call's answer. */
class Replayed {
  constructor(readonly data: unknown) {}
}

function isRefusal(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'NOT_VERIFIED');
}

/** Per call (keyed by its caller object), the documents read before its transaction. */
const knownReads = new WeakMap<Caller, Map<string, unknown>>();

/**
 * Keeps a document the call read before its transaction (the case `authorize` read, whole), so
 * the transaction's first attempt need not read it again (`knownRead`). Its copy is taken now:
 * what the use case then changes in its own object is not taken for the stored document.
 */
export function rememberRead(ctx: Pick<ActionContext, 'caller'>, collection: string, doc: { _id: string }): void {
  knownReads.get(ctx.caller)?.set(knownKey(collection, doc._id), structuredClone(doc));
}

/** Whether the call read this document before its transaction (`rememberRead`) and its first attempt has it still. */
export function knowsRead(ctx: Pick<ActionContext, 'caller'>, collection: string, id: string): boolean {
  return knownReads.get(ctx.caller)?.has(knownKey(collection, id)) ?? false;
}

/** The callers (per call) whose record came from the instance's cache, not yet confirmed by a read, with what renews the kept record once confirmed. */
const cachedCallers = new WeakMap<Caller, () => void>();

/** The call's cached caller record is not the stored one: the call is made again on the stored one. */
class CallerChanged extends Error {}

/** The field a joined read carries the caller's stored record in (never a field of a stored document). */
const CALLER_FIELD = '__caller';

/**
 * One document by id, as `findById` reads it, with the caller's stored record joined to it when
 * the call's caller came from the instance's cache (`aggregate`: `$match` on the id, then a
 * `$lookup` of `users/<openid>`; the same one round trip). A record changed since it was kept
 * (a staff member made inactive, moved, given other roles; a lawyer's approval withdrawn) is
 * forgotten and the call made again on the stored one, so a revocation holds at once wherever
 * the call reads its case or filing first (`authorize`, `authorizeFiling`). The same one
 * `aggregate` joins the event the document's head names as its next (`chain.next`): one recorded
 * but not yet brought in (event-commit.ts) is brought in, and the document read again, before the
 * caller decides anything on it.
 */
export async function readWithCaller<T>(
  ctx: Pick<ActionContext, 'db' | 'caller'>,
  collection: string,
  id: string,
  fields?: Record<string, boolean>,
): Promise<(T & { _id: string }) | null> {
  const renew = cachedCallers.get(ctx.caller);
  // The document is read with the event its head names as next (`chain.next`): one recorded but
  // not yet brought into it (event-commit.ts) is brought in before anyone decides on it. A document
  // with no chain joins nothing.
  cachedCallers.delete(ctx.caller);
  for (let round = 1; ; round += 1) {
    let stages = ctx.db.collection(collection).aggregate().match({ _id: id });
    if (renew && round === 1) {
      stages = stages.lookup({ from: 'users', pipeline: [{ $match: { _id: ctx.caller.openid } }, { $project: USER_FIELDS }], as: CALLER_FIELD });
    }
    stages = stages.lookup({ from: 'case_events', localField: 'chain.next', foreignField: '_id', as: PENDING_FIELD });
    if (fields) stages = stages.project({ ...fields, [CALLER_FIELD]: true, [PENDING_FIELD]: true });
    const res = (await stages.end()) as { list?: unknown[]; data?: unknown[] };
    const row = (res.list ?? res.data ?? [])[0] as (T & { _id: string; [CALLER_FIELD]?: UserRecord[]; [PENDING_FIELD]?: StoredCaseEvent[] }) | undefined;
    if (!row) return null;
    const { [CALLER_FIELD]: joined, [PENDING_FIELD]: pending, ...doc } = row;
    if (renew && round === 1) {
      if (canonicalJson(joined?.[0] ?? null) !== canonicalJson(ctx.caller.user)) throw new CallerChanged();
      renew();
    }
    const event = pending?.[0];
    if (!pendingFor(event, collection, id)) return doc as unknown as T & { _id: string };
    // Writers racing every read: nothing is decided on a case known to be behind its chain.
    if (round >= PENDING_ROUNDS) throw new AppError('CONFLICT');
    await bringUp(ctx.db, event as StoredCaseEvent);
  }
}

/** Reads of a case that each find an event not yet in it (a writer racing each read) before the call gives up with CONFLICT. */
const PENDING_ROUNDS = 3;

/** The field a read of a case carries the event its head names as next in. */
const PENDING_FIELD = '__pending';

/**
 * The documents of a query over the caller's own court (a workbench, a queue), as a `where`
 * would answer them, with the caller's stored record joined to them when it came from the
 * instance's cache (`aggregate`: `$match`, `$sort`, `$limit`, `$project`, then a `$lookup` of
 * `users/<openid>`): the same one round trip confirms the caller, as `readWithCaller` does for
 * one document. A query that finds nothing confirms the caller with a read of its own.
 */
export async function queryWithCaller<T>(
  ctx: Pick<ActionContext, 'db' | 'caller'>,
  collection: string,
  where: Parameters<ReturnType<Database['collection']>['where']>[0],
  options: { orderBy: [string, 'asc' | 'desc']; limit: number; fields: Record<string, boolean> },
): Promise<T[]> {
  const [field, direction] = options.orderBy;
  if (!cachedCallers.has(ctx.caller)) {
    return query<T>(ctx.db.collection(collection).where(where).orderBy(field, direction).limit(options.limit).field(options.fields));
  }
  const res = (await ctx.db
    .collection(collection)
    .aggregate()
    .match(where)
    .sort({ [field]: direction === 'asc' ? 1 : -1 })
    .limit(options.limit)
    .project(options.fields)
    .lookup({ from: 'users', pipeline: [{ $match: { _id: ctx.caller.openid } }, { $project: USER_FIELDS }], as: CALLER_FIELD })
    .end()) as { list?: unknown[]; data?: unknown[] };
  const rows = (res.list ?? res.data ?? []) as (T & { [CALLER_FIELD]?: UserRecord[] })[];
  if (rows.length === 0) {
    await confirmCaller(ctx);
    return [];
  }
  const renew = cachedCallers.get(ctx.caller);
  cachedCallers.delete(ctx.caller);
  if (canonicalJson(rows[0]?.[CALLER_FIELD]?.[0] ?? null) !== canonicalJson(ctx.caller.user)) throw new CallerChanged();
  renew?.();
  return rows.map(({ [CALLER_FIELD]: _joined, ...doc }) => doc as unknown as T);
}

/**
 * For a call that reads no case or filing before it acts (a court's own queue, a lawyer acting
 * as such anywhere): the caller's cached record is read again, so a revocation holds at once here
 * too. One read, only when the record came from the cache.
 */
export async function confirmCaller(ctx: Pick<ActionContext, 'db' | 'caller'>): Promise<void> {
  const renew = cachedCallers.get(ctx.caller);
  if (!renew) return;
  cachedCallers.delete(ctx.caller);
  const stored = await findById<UserRecord>(ctx.db, 'users', ctx.caller.openid, USER_FIELDS);
  if (canonicalJson(stored) !== canonicalJson(ctx.caller.user)) throw new CallerChanged();
  renew();
}

/**
 * A function's whole index.ts: its contract entry bound to its use case. The build checks that
 * the name is the function's folder, so the deployed name and the contract cannot differ.
 */
export function implement<N extends ActionName>(
  name: N,
  handler: (input: z.output<Contract[N]['input']>, ctx: ActionContext) => Promise<ActionOutput<N>>,
  onTimer?: TimerHandler,
) {
  // The one cast: TypeScript cannot follow a generic key through the table of entries.
  const entry = contract[name] as ActionEntry;
  return defineAction<z.ZodType, ActionOutput<N>>({ ...entry, name }, handler as Handler<z.ZodType, ActionOutput<N>>, onTimer);
}

/** No event nests deeper than any input schema does; a deeper one never reaches a parser's recursion. */
const EVENT_DEPTH = 64;

/**
 * The input as its schema parses it. Whatever the body, the answer is an envelope: an event
 * nested too deep, or holding a prototype's key, is refused before the schema sees it, and a
 * schema that fails on an input (a stack overflow) refuses it rather than answering INTERNAL.
 */
function parseInput(schema: z.ZodType, data: unknown): { success: true; data: unknown } | { success: false; error: AppError } {
  const problem = jsonProblem(data, { depth: EVENT_DEPTH, shapeOnly: true });
  if (problem) return { success: false, error: new AppError('INVALID_INPUT', '请求内容不正确，请更新小程序后重试', { fields: { _: problem } }) };
  try {
    const parsed = schema.safeParse(data);
    return parsed.success ? parsed : { success: false, error: invalidInput(parsed.error) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { success: false, error: new AppError('INVALID_INPUT', '请求内容不正确，请更新小程序后重试', { cause: error }) };
  }
}

/** The answer as its schema declares it: unknown fields dropped; an answer its schema refuses is our fault (INTERNAL). */
function answerOf<T>(spec: ActionSpec<z.ZodType>, data: T): T {
  if (!spec.output) return data;
  const parsed = spec.output.safeParse(data);
  if (!parsed.success) throw new Error(`${spec.name}: the answer does not match its schema: ${parsed.error.message}`);
  return parsed.data as T;
}

/** What identifies one attempt at a change: its requestId, or the field the contract names. */
function attemptOf(spec: ActionSpec<z.ZodType>, input: unknown): string {
  const fields = [spec.requestIdField ?? 'requestId'].flat();
  for (const field of fields) {
    const value = (input as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  // Two attempts must never share a key: without the field there is only the declared default.
  if (spec.requestIdDefault === undefined) throw new Error(`${spec.name}: no ${fields.join(' or ')} in a parsed input`);
  return spec.requestIdDefault;
}

/** A union whose every option has one of the fields. */
function declaresSomeField(schema: z.ZodType, fields: readonly string[]): boolean {
  return schema instanceof z.ZodUnion && (schema.options as z.ZodType[]).every((option) => fields.some((field) => declaresField(option, field)));
}

/** An object with the field, or a union whose every option has it. */
function declaresField(schema: z.ZodType, field: string): boolean {
  if (schema instanceof z.ZodObject) return field in schema.shape;
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).every((option) => declaresField(option, field));
  return false;
}

/**
 * runTransaction retries a conflict found at commit; one found at a write reaches us wrapped
 * by wx-server-sdk, so conflicts are retried here too, with a growing random pause. A use case
 * calls it for a write that is idempotent by itself and must precede an outside call (an order's
 * intent before WeChat Pay hears of it); its one answer still goes through `ctx.commit`.
 */
export async function runWithRetry<R>(db: Database, work: (tx: Transaction, attempt: number) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    const chains = new Set<string>();
    try {
      return (await db.runTransaction((tx: Transaction) => work(appendsTracked(tx, chains), attempt))) as R;
    } catch (error) {
      // A chain clash (another writer took the event's place first) is a conflict too: the
      // next attempt reads the case afresh, once the event that took the place is in its case
      // (event-commit.ts). A clash on the reply key is this call's retry.
      const clash = isChainClash(error);
      const retryable = isTransactionConflict(error) || clash || isRacingInsert(error);
      if (!retryable || attempt >= TRANSACTION_ATTEMPTS) throw error;
      if (clash) for (const caseId of chains) await bringUpChain(db, caseId);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * A change a use case makes before an outside call, idempotent by itself (an order's intent before
 * WeChat Pay hears of it): committed by its case event alone where it can be (event-commit.ts),
 * otherwise in a transaction (`runWithRetry`). Its one answer still goes through `ctx.commit`.
 */
export async function commitBefore<R>(
  ctx: Pick<ActionContext, 'db' | 'caller' | 'now'>,
  action: string,
  scope: EventScope,
  work: (tx: Transaction) => Promise<R>,
): Promise<R> {
  const done =
    process.env.MC_EVENT_COMMIT !== 'false' ? await commitByEvent(ctx.db, work, { action, at: ctx.now, known: knownReads.get(ctx.caller), scope }) : undefined;
  return done ? done.result : runWithRetry(ctx.db, (tx) => work(tx));
}

/** The transaction, noting the chains it appends events to. */
function appendsTracked(tx: Transaction, chains: Set<string>): Transaction {
  return {
    collection(name: string) {
      const collection = tx.collection(name);
      if (name !== 'case_events') return collection;
      return new Proxy(collection, {
        get(target, property, receiver) {
          if (property === 'add') {
            return (options: { data: { caseId?: string } | { caseId?: string }[] }) => {
              for (const event of [options.data].flat()) if (typeof event.caseId === 'string') chains.add(event.caseId);
              return target.add(options as Parameters<typeof target.add>[0]);
            };
          }
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}
const TRANSACTION_ATTEMPTS = 8;

/**
 * A duplicate of a document whose id follows from what it is, inserted on a guess read outside
 * the transaction (a service of a document on an addressee) or found free inside it (an uploaded
 * decision's n-th enforcement application, a hearing's first session, a case under the number its
 * counter gave): a racing twin made it first, and the next attempt finds it.
 */
function isRacingInsert(error: unknown): boolean {
  return isDuplicateWrite(error) && RACING_INSERT.test(describeUnknown(error));
}
const RACING_INSERT = /collection: (services|enforcements|hearing_sessions|cases)\b|\.(services|enforcements|hearing_sessions|cases)\b/;

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function describeUnknown(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const { errCode, errMsg, code, message } = value as Record<string, unknown>;
    return JSON.stringify({ errCode, errMsg, code, message });
  }
  return String(value);
}

import { randomBytes } from 'node:crypto';
import { caseEventId, type CaseEvent, type ChainHead, type StoredCaseEvent } from './case-events';
import { findById, isDuplicateWrite, query, type Database, type Transaction } from './db';
import { logError } from './log';
import { knownKey, withTxState, type TxState } from './tx-state';

/*
 * A change committed by its case event alone, without a transaction (cloudfunctions/README.md,
 * "Round trips"). The work runs as it would in a transaction, over one that reads the database
 * and records what the work writes. The event, carrying the call's answer and those writes, is
 * then inserted: its `_id` is its place in the chain, so of two racing writers one collides, and
 * that insert is the commit. The writes are then brought in, the case's own update last and only
 * where its head is still the one before the event, so a document is never brought past or back
 * over an event. If the function dies between, the case's head names the event it does not yet
 * hold (`chain.next`): the next read of the case joins that event and brings it in first
 * (`readWithCaller`), and a writer that collides with it brings it in before it tries again.
 *
 * Only what can be brought in more than once with one effect is taken this way; anything else
 * (a second event, a document written twice, a removal, a write to a document of another case or
 * to a collection not named below, a value the event cannot carry) makes the work run again in a
 * transaction, as before.
 */

/**
 * What an action's changes may touch when committed by their event, named by its contract entry
 * (`eventFirst`), so a bundle names only its own collections: the documents that keep the chain's
 * head (a case, a filing; never a mediation, whose statements are sealed: 在线调解规则 第十八条), the
 * collections of the case's own documents it may insert or update beside it, and the counters other
 * cases share that it may increase (a judge's caseload), each event's increase counted once.
 */
export interface EventScope {
  chains: readonly string[];
  sides?: readonly string[];
  counters?: readonly string[];
}

/** The work cannot be committed by its event: it runs again in a transaction. */
class Ineligible extends Error {}

interface Write {
  op: 'add' | 'update' | 'set';
  collection: string;
  id: string;
  data: Record<string, unknown>;
}

/** What an event carries to be brought into the documents. */
interface Effects {
  /** The chain's document and the event's place: the document is brought from `seq - 1` to `seq`. */
  chain: { collection: string; id: string; seq: number };
  update: Record<string, unknown>;
  inserts: { collection: string; docs: Record<string, unknown>[] }[];
  /**
   * Updates of the case's own documents (a service, a hearing's session), each applied once
   * (`_applied`). A replacement (`set`) names the fields the document had and loses (`unset`), and
   * creates the document where there is none.
   */
  updates: { collection: string; id: string; data: Record<string, unknown>; unset?: string[] }[];
  /** Increases of shared counters (`EventScope.counters`), each counted once (`COUNTED`). */
  counts?: { collection: string; id: string; data: Record<string, unknown> }[];
}

/** The field a document updated by an event keeps that event's id in, so a late second application changes nothing. */
const APPLIED = '_applied';

/**
 * The field a shared counter keeps the ids of the last events that increased it in: an event is
 * brought in again only until its case's update lands (after which nothing brings it in), by then
 * far fewer than `COUNTED_KEPT` other events can have counted.
 */
const COUNTED = '_counted';
const COUNTED_KEPT = 50;

const ATTEMPTS = 8;

/**
 * Runs the work and commits it by its event. `undefined`, having written nothing, when the work is
 * not one an event alone can commit: the caller then runs it in a transaction.
 */
export async function commitByEvent<R>(
  db: Database,
  work: (tx: Transaction) => Promise<R>,
  /** The call's idempotency key and answer's context; without a key, the event answers no call (an intent recorded before an outside call). */
  call: { key?: string; action: string; at: Date; known?: Map<string, unknown>; scope: EventScope },
): Promise<{ result: R } | undefined> {
  const Command = commandClass(db);
  let known = call.known;
  for (let attempt = 1; ; attempt += 1) {
    const writes: Write[] = [];
    const state: TxState = { events: [], known, usedKnown: false, users: new Set(), db, reads: new Map() };
    let chain: Effects['chain'] | undefined;
    let result: R;
    let event: StoredCaseEvent;
    try {
      result = await work(withTxState(recordingTransaction(db, writes, state), state));
      const only = (state.events as CaseEvent[])[0];
      const effects = effectsOf(only, writes, state, Command, call.scope);
      chain = effects.chain;
      const answer =
        call.key === undefined ? { replyKey: (only as CaseEvent)._id } : { replyKey: call.key, reply: { action: call.action, at: call.at, data: result } };
      event = { ...(only as CaseEvent), ...answer, effects: encodeEffects(effects, Command) };
    } catch (error) {
      if (error instanceof Ineligible) {
        if (process.env.MC_TRACE_DB) console.error(`[event-commit] ${call.action}: in a transaction, for ${error.message}`);
        return undefined;
      }
      throw error;
    }
    try {
      await db.collection('case_events').add({ data: event });
    } catch (error) {
      // Another writer took the event's place: bring its change in, and read again. A clash on the
      // reply key is this call's own retry, answered by the caller from the first event.
      if (!isChainClash(error) || attempt >= ATTEMPTS || !chain) throw error;
      await pause(attempt);
      await bringUpChain(db, event.caseId);
      // The next attempt starts from the case read now, before anything the work reads beside it,
      // as the first started from the case authorize read: a change since then collides again.
      const fresh = await findById<Record<string, unknown>>(db, chain.collection, chain.id);
      known = fresh ? new Map([[knownKey(chain.collection, chain.id), fresh]]) : undefined;
      continue;
    }
    try {
      await bringUp(db, event);
    } catch (error) {
      // The change is recorded; the next read or write of the case brings the rest in.
      logError({ action: call.action, error: `event ${event._id} recorded, documents not yet brought up: ${describe(error)}` });
    }
    return { result };
  }
}

/**
 * Brings a chain's newest event into its documents, if it carries effects not yet there. Only the
 * newest can lag: a writer takes the place after its document's head, so no event is written past
 * one that is not yet in.
 */
export async function bringUpChain(db: Database, caseId: string): Promise<void> {
  const [newest] = await query<StoredCaseEvent>(db.collection('case_events').where({ caseId }).orderBy('seq', 'desc').limit(1));
  if (!newest?.effects) return;
  // Brought in already (the usual case after a clash): nothing to write again.
  const { chain } = targetOf(newest.effects);
  const doc = await findById<{ chain?: ChainHead }>(db, chain.collection, chain.id, { chain: true });
  if ((doc?.chain?.seq ?? 0) >= chain.seq) return;
  await bringUp(db, newest);
}

/** The document an event's effects bring up, read without decoding the rest. */
function targetOf(effects: string): Pick<Effects, 'chain'> {
  return JSON.parse(effects) as Pick<Effects, 'chain'>;
}

/**
 * Whether an event is one still to be brought into this document: it carries effects, and they
 * are this document's (an accepted filing's head names the next event of the case's chain, which
 * is the case's to bring in, not the filing's).
 */
export function pendingFor(event: Pick<StoredCaseEvent, 'effects'> | undefined, collection: string, id: string): boolean {
  if (!event?.effects) return false;
  const { chain } = targetOf(event.effects);
  return chain.collection === collection && chain.id === id;
}

/**
 * Brings one event's effects in: its new documents (those already there are left), its updates
 * of the case's own documents (each once), then the case's document, where its head is still the
 * one before the event. Safe to run any number of times, by any number of callers at once.
 */
export async function bringUp(db: Database, event: Pick<StoredCaseEvent, '_id' | 'hash' | 'effects'>): Promise<void> {
  if (!event.effects) return;
  const effects = decodeEffects(event.effects, commandClass(db));
  // The head it brings the case to must be this event's. (Its seal is not checked here: a function
  // that only reads a case holds no chain key. An event appended without the key brings a head whose
  // seal fails, and every check of the chain — the case's detail, case-verify, verify-chains — says so.)
  const head = effects.update.chain as ChainHead | undefined;
  if (!head || head.seq !== effects.chain.seq || head.hash !== event.hash) throw new Error(`event ${event._id}: its effects bring the case to another head`);
  const _ = db.command;
  for (const { collection, docs } of effects.inserts) await insertEach(db, collection, docs);
  for (const { collection, id, data, unset } of effects.updates) {
    const before = _.or([{ [APPLIED]: _.exists(false) }, { [APPLIED]: _.lt(event._id) }]);
    // A replacement sets each field whole and removes those it lost; an update merges, as it did.
    const change = unset
      ? {
          ...Object.fromEntries(Object.entries(data).map(([field, value]) => [field, _.set(value)])),
          ...Object.fromEntries(unset.map((field) => [field, _.remove()])),
        }
      : data;
    let updated = 0;
    await persist(async () => {
      const res = (await db
        .collection(collection)
        .where(_.and([{ _id: id }, before]))
        .update({ data: { ...change, [APPLIED]: event._id } })) as { stats?: { updated?: number } };
      updated = res.stats?.updated ?? 0;
    });
    // None changed: brought in already (or past), or, for a replacement, a document not yet there.
    if (unset && updated === 0) await insertEach(db, collection, [{ ...data, _id: id, [APPLIED]: event._id }]);
  }
  for (const { collection, id, data } of effects.counts ?? []) {
    await persist(() =>
      db
        .collection(collection)
        .where({ _id: id, [COUNTED]: _.neq(event._id) })
        .update({ data: { ...data, [COUNTED]: _.push({ each: [event._id], slice: -COUNTED_KEPT }) } }),
    );
  }
  const { chain } = effects;
  await persist(() =>
    db
      .collection(chain.collection)
      .where({ _id: chain.id, 'chain.seq': chain.seq - 1 })
      .update({ data: effects.update }),
  );
}

/** New documents, all in one insert; where some are there already (brought in before), each of the others alone. */
async function insertEach(db: Database, collection: string, docs: Record<string, unknown>[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await persist(() => db.collection(collection).add({ data: docs.length === 1 ? (docs[0] as Record<string, unknown>) : docs }));
    return;
  } catch (error) {
    if (!isDuplicateWrite(error)) throw error;
  }
  // On CloudBase a batch that fails part-way keeps what it wrote before; each is tried alone.
  for (const doc of docs) {
    try {
      await persist(() => db.collection(collection).add({ data: doc }));
    } catch (error) {
      if (!isDuplicateWrite(error)) throw error;
    }
  }
}

/** A write retried a few times over a passing failure; a duplicate is an answer, not a failure. */
async function persist(write: () => unknown): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      if (isDuplicateWrite(error) || attempt >= 3) throw error;
      await pause(attempt);
    }
  }
}

/** A transaction as the work sees it: reads from the database, writes recorded, nothing a transaction could not do. */
function recordingTransaction(db: Database, writes: Write[], state: TxState): Transaction {
  const writtenBefore = (collection: string, id: string) => writes.some((w) => w.collection === collection && w.id === id);
  const refuse = (why: string) => () => {
    throw new Ineligible(why);
  };
  return {
    collection(name: string) {
      const read = async (id: string, fields?: Record<string, boolean>) => {
        if (writtenBefore(name, id)) throw new Ineligible(`${name}/${id} read after it was written`);
        const doc = await findById<Record<string, unknown>>(db, name, id, fields);
        if (doc && !fields) state.reads?.set(knownKey(name, id), doc);
        return { data: doc };
      };
      return {
        doc(id: string) {
          return {
            get: () => read(id),
            field: (fields: Record<string, boolean>) => ({ get: () => read(id, fields) }),
            update: async ({ data }: { data: Record<string, unknown> }) => {
              if (writtenBefore(name, id)) throw new Ineligible(`${name}/${id} written twice`);
              writes.push({ op: 'update', collection: name, id, data });
              return { stats: { updated: 1 } };
            },
            set: async ({ data }: { data: Record<string, unknown> }) => {
              if (writtenBefore(name, id)) throw new Ineligible(`${name}/${id} written twice`);
              writes.push({ op: 'set', collection: name, id, data });
              return { stats: { updated: 1 } };
            },
            remove: refuse(`${name}/${id} removed`),
          };
        },
        add: async ({ data }: { data: Record<string, unknown> | Record<string, unknown>[] }) => {
          const docs = (Array.isArray(data) ? data : [data]).map((doc) => ({
            ...doc,
            _id: typeof doc._id === 'string' ? doc._id : randomBytes(16).toString('hex'),
          }));
          for (const doc of docs) writes.push({ op: 'add', collection: name, id: doc._id, data: doc });
          return { _id: docs[0]?._id, ids: docs.map((doc) => doc._id) };
        },
        where: refuse(`a query of ${name}`),
        aggregate: refuse(`an aggregate of ${name}`),
        count: refuse(`a count of ${name}`),
      };
    },
  } as unknown as Transaction;
}

/** What the work's writes are as an event's effects, if one event can carry them. */
function effectsOf(event: CaseEvent | undefined, writes: Write[], state: TxState, Command: CommandClass, scope: EventScope): Effects {
  if (!event || state.events.length !== 1) throw new Ineligible('not one event');
  const ownsChain = (w: Write) => w.op === 'update' && scope.chains.includes(w.collection) && w.id === event.caseId;
  const heads = writes.filter(ownsChain);
  const head = heads[0];
  const chain = head?.data.chain as ChainHead | undefined;
  if (!head || heads.length !== 1 || chain?.seq !== event.seq || event.seq < 2) throw new Ineligible('the case’s head is not the event’s');
  // The document as read must name this event as its next, so a read finds it if it is not brought in.
  const before = state.reads?.get(knownKey(head.collection, event.caseId)) as { chain?: ChainHead } | undefined;
  if (before?.chain?.next !== caseEventId(event.caseId, event.seq)) throw new Ineligible('the case’s head does not name its next event');
  const effects: Effects = { chain: { collection: head.collection, id: event.caseId, seq: event.seq }, update: head.data, inserts: [], updates: [] };
  for (const w of writes) {
    if (w === head) continue;
    if (scope.counters?.includes(w.collection) && w.op === 'update' && isIncreaseOnly(w.data, Command)) {
      (effects.counts ??= []).push({ collection: w.collection, id: w.id, data: w.data });
      continue;
    }
    if (!scope.sides?.includes(w.collection)) throw new Ineligible(`a write to ${w.collection}`);
    if (w.op === 'add') {
      const group = effects.inserts.find((i) => i.collection === w.collection);
      if (group) group.docs.push(w.data);
      else effects.inserts.push({ collection: w.collection, docs: [w.data] });
      continue;
    }
    // An update only of a document of this case, read by the work (a service, a hearing's session);
    // a replacement of one it read, or of one read as not there yet, with the case's own content.
    const read = state.reads?.get(knownKey(w.collection, w.id)) as Record<string, unknown> | undefined;
    if (read?.caseId !== event.caseId) throw new Ineligible(`${w.collection}/${w.id} is not known to be this case’s`);
    if (w.op === 'update') {
      if (APPLIED in w.data) throw new Ineligible(`${w.collection}/${w.id} writes ${APPLIED}`);
      effects.updates.push({ collection: w.collection, id: w.id, data: w.data });
      continue;
    }
    // A replacement made from the document as read carries the mark of the event that last wrote it: not the work's to write.
    const { [APPLIED]: _mark, _id: _same, ...data } = w.data;
    if (data.caseId !== event.caseId) throw new Ineligible(`${w.collection}/${w.id} replaced with another case’s`);
    const unset = Object.keys(read).filter((field) => field !== '_id' && field !== APPLIED && !(field in data));
    effects.updates.push({ collection: w.collection, id: w.id, data, unset });
  }
  return effects;
}

/** An update that only increases numbers (`_.inc`): what a shared counter may be given. */
function isIncreaseOnly(data: Record<string, unknown>, Command: CommandClass): boolean {
  const values = Object.values(data);
  return values.length > 0 && values.every((value) => value instanceof Command && value.operator === 'inc');
}

/** The SDK's update command class (`_.push(…)` and the like), to carry its commands and make them again. */
type CommandClass = new (operator: string, operands: unknown[]) => { operator: string; operands: unknown[] };
function commandClass(db: Database): CommandClass {
  return (db.command.inc(0) as unknown as { constructor: CommandClass }).constructor;
}

/**
 * Effects as text: dates and the SDK's update commands marked by a key of their own, and every key
 * of the data that starts with `$` escaped by another, so no value of a document is taken for a
 * marker. Anything else that is not plain data (the server's date, a regular expression, a point)
 * cannot be carried.
 */
function encodeEffects(effects: Effects, Command: CommandClass): string {
  const encode = (value: unknown): unknown => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Ineligible('a number JSON cannot hold');
      return value;
    }
    if (value === undefined) return undefined;
    if (value instanceof Date) return { $date: value.getTime() };
    if (value instanceof Command) return { $command: value.operator, operands: encode(value.operands) };
    if (Array.isArray(value)) return value.map((item) => encode(item) ?? null);
    const proto = Object.getPrototypeOf(value) as unknown;
    if (typeof value === 'object' && (proto === Object.prototype || proto === null)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const encoded = encode(item);
        if (encoded !== undefined) out[key.startsWith('$') ? `$${key}` : key] = encoded;
      }
      return out;
    }
    throw new Ineligible(`a value an event cannot carry: ${Object.prototype.toString.call(value)}`);
  };
  return JSON.stringify(encode(effects));
}

function decodeEffects(text: string, Command: CommandClass): Effects {
  const decode = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(decode);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (typeof record.$date === 'number') return new Date(record.$date);
    if (typeof record.$command === 'string') return new Command(record.$command, decode(record.operands) as unknown[]);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key.startsWith('$') ? key.slice(1) : key] = decode(item);
    return out;
  };
  return decode(JSON.parse(text)) as Effects;
}

/** A duplicate of a case event's place in its chain (its `_id`, or the case and seq), not of its reply key. */
export function isChainClash(error: unknown): boolean {
  if (!isDuplicateWrite(error)) return false;
  const text = describe(error);
  return /case_events/.test(text) && !/reply_?[kK]ey/.test(text);
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const { errCode, errMsg, code, message } = value as Record<string, unknown>;
    return JSON.stringify({ errCode, errMsg, code, message });
  }
  return String(value);
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));

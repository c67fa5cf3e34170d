import { aggregate, update as applyUpdate, Query } from 'mingo';
import { Store, StoreError, VersionClash, type FindOptions, type Write } from './store';
import { fromEJSON, newDocId, toEJSON, type Doc } from './values';

/** A business error the SDK reads from an HTTP 200 answer: `{ code, message }`. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    // The code leads the message: wx-server-sdk keeps only the message of a database error.
    super(message.startsWith(code) ? message : `${code}: ${message}`);
  }
}

export const LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

interface Tx {
  id: string;
  startedAt: number;
  /** Buffered writes by "collection\0id"; null = removed. */
  writes: Map<string, { collection: string; id: string; doc: Doc | null }>;
  /** The version each touched document had when the transaction first saw it (0 = absent). */
  base: Map<string, number>;
}

export interface WriteFault {
  collection?: string;
  /** Fail the nth write (1-based) to the collection from now on. */
  nth: number;
  code?: string;
}

type Params = Record<string, unknown>;
const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;

/**
 * The `database.*` actions of the CloudBase protocol over the store, with server-side
 * transactions: writes are buffered and invisible outside until commit, a document written
 * by one open transaction is locked against the others (DATABASE_TRANSACTION_CONFLICT, which
 * makes the SDK's runTransaction retry), and commit re-checks every version it based a write on.
 */
export class DatabaseService {
  private readonly txs = new Map<string, Tx>();
  private readonly locks = new Map<string, string>();
  private faults: (WriteFault & { seen: number })[] = [];
  private txSeq = 0;

  constructor(
    readonly store: Store,
    private readonly now: () => number,
    readonly txTimeoutMs = 30_000,
  ) {}

  setFaults(faults: WriteFault[]): void {
    this.faults = faults.map((fault) => ({ ...fault, seen: 0 }));
  }

  reset(): void {
    this.txs.clear();
    this.locks.clear();
    this.faults = [];
  }

  handle(action: string, params: Params): unknown {
    this.expireTransactions();
    switch (action) {
      case 'database.insertDocument':
        return this.insert(params);
      case 'database.getDocument':
        return this.get(params);
      case 'database.calculateDocument':
        return this.count(params);
      case 'database.modifyDocument':
        return this.modify(params);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturn(params);
      case 'database.removeDocument':
        return this.remove(params);
      case 'database.aggregateDocuments':
        return this.aggregate(params);
      case 'database.addCollection':
        this.store.create(str(params.collectionName, 'collectionName'));
        return {};
      case 'database.startTransaction':
        return { transactionId: this.begin() };
      case 'database.commitTransaction':
        this.commit(str(params.transactionId, 'transactionId'));
        return {};
      case 'database.abortTransaction':
        this.abort(str(params.transactionId, 'transactionId'));
        return {};
      default:
        throw new ProtocolError('INVALID_PARAM', `unsupported action ${action}`);
    }
  }

  // --- reads -------------------------------------------------------------------------------

  private get(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = this.parse(params.query) as Doc | undefined;
    const projection = this.parse(params.projection) as Record<string, 0 | 1> | undefined;
    const tx = this.tx(params);
    if (params.queryType === 'DOC' || tx) {
      const id = query?._id;
      if (typeof id !== 'string') throw new ProtocolError('INVALID_PARAM', 'doc query needs _id');
      const { doc } = this.read(tx, collection, id);
      return { data: { list: doc ? [toEJSON(project(doc, projection))] : [] } };
    }
    const limit = clampLimit(params.limit);
    const offset = num(params.offset) ?? 0;
    // The SDK sends a Mongo sort spec, { field: 1 | -1 }, in the order orderBy() was called.
    const order = this.parse(params.order) as Record<string, number> | undefined;
    const options: FindOptions = { skip: offset, limit };
    if (order && Object.keys(order).length > 0) options.sort = Object.fromEntries(Object.entries(order).map(([field, dir]) => [field, dir < 0 ? -1 : 1]));
    const rows = this.store.find(collection, query ?? {}, options);
    return { data: { list: rows.map((row) => toEJSON(project(row.doc, projection))) }, limit, offset };
  }

  private count(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    return { data: { total: this.store.count(collection, query) } };
  }

  private aggregate(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const stages = (params.stages as { stageKey: string; stageValue: string }[] | undefined) ?? [];
    const pipeline = stages.map((stage) => ({ [stage.stageKey]: this.parse(stage.stageValue) }));
    // A leading $match narrows through the indexes; mingo runs the whole pipeline after it.
    const first = pipeline[0] as { $match?: Doc } | undefined;
    const source = this.store.find(collection, first?.$match ?? {}).map((row) => row.doc);
    const rest = first?.$match ? pipeline.slice(1) : pipeline;
    const lookups = new Map<string, Doc[]>();
    for (const stage of rest) {
      const from = (stage.$lookup as { from?: string } | undefined)?.from;
      if (from && !lookups.has(from)) lookups.set(from, this.store.find(from, {}).map((row) => row.doc));
    }
    const resolved = rest.map((stage) => {
      const lookup = stage.$lookup as { from?: string } | undefined;
      return lookup?.from ? { $lookup: { ...lookup, from: lookups.get(lookup.from) } } : stage;
    });
    const list = aggregate(source, resolved) as Doc[];
    return { data: { list: list.map((doc) => toEJSON(doc)) } };
  }

  // --- writes ------------------------------------------------------------------------------

  private insert(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    this.store.collection(collection);
    const docs = (params.data as string[] | undefined ?? []).map((item) => this.parse(item) as Doc);
    if (docs.length === 0) throw new ProtocolError('INVALID_PARAM', 'insert needs data');
    const tx = this.tx(params);
    const ids: string[] = [];
    const writes: Write[] = [];
    for (const doc of docs) {
      const id = doc._id === undefined ? newDocId() : String(doc._id);
      this.fault(collection);
      if (tx) {
        this.txWrite(tx, collection, id, { ...doc, _id: id }, 'insert');
      } else {
        writes.push({ collection, id, doc: { ...doc, _id: id }, expectV: 0 });
      }
      ids.push(id);
    }
    if (!tx) this.applyWrites(writes, 'DATABASE_DUPLICATE_WRITE');
    return { data: { insertedIds: ids } };
  }

  private modify(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    const data = this.parse(params.data) as Doc;
    const merge = params.merge !== false;
    const tx = this.tx(params);
    if (tx || params.queryType === 'DOC') {
      const id = query._id;
      if (typeof id !== 'string') throw new ProtocolError('INVALID_PARAM', 'doc update needs _id');
      const { doc: current, v } = this.read(tx, collection, id);
      const upsert = params.upsert === true;
      if (!current && !upsert) return { data: { updated: 0 } };
      const next = merge ? applyModifier(current ?? { _id: id }, data) : { ...data, _id: id };
      this.fault(collection);
      if (tx) this.txWrite(tx, collection, id, next, 'update');
      else this.applyWrites([{ collection, id, doc: next, expectV: v }], 'DATABASE_TRANSACTION_CONFLICT');
      return current ? { data: { updated: 1 } } : { data: { updated: 0, upsert_id: id } };
    }
    const rows = this.store.find(collection, query, params.multi === true ? {} : { limit: 1 });
    const writes: Write[] = [];
    for (const row of rows) {
      this.fault(collection);
      const next = merge ? applyModifier(row.doc, data) : { ...data, _id: row.id };
      writes.push({ collection, id: row.id, doc: next, expectV: row.v });
    }
    if (rows.length === 0 && params.upsert === true) {
      const id = newDocId();
      const seed = Object.fromEntries(Object.entries(query).filter(([k, v]) => !k.startsWith('$') && (v === null || typeof v !== 'object' || v instanceof Date)));
      this.fault(collection);
      writes.push({ collection, id, doc: merge ? applyModifier({ ...seed, _id: id }, data) : { ...data, _id: id }, expectV: 0 });
      this.applyWrites(writes, 'DATABASE_TRANSACTION_CONFLICT');
      return { data: { updated: 0, upsert_id: id } };
    }
    this.applyWrites(writes, 'DATABASE_TRANSACTION_CONFLICT');
    return { data: { updated: writes.length } };
  }

  private modifyAndReturn(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    const data = this.parse(params.data) as Doc;
    const tx = this.tx(params);
    const id = typeof query._id === 'string' ? query._id : this.store.find(collection, query, { limit: 1 })[0]?.id;
    if (!id) return { data: { updated: 0, doc: null } };
    const { doc: current, v } = this.read(tx, collection, id);
    if (!current || !new Query(query).test(current)) return { data: { updated: 0, doc: null } };
    const next = applyModifier(current, data);
    this.fault(collection);
    if (tx) this.txWrite(tx, collection, id, next, 'update');
    else this.applyWrites([{ collection, id, doc: next, expectV: v }], 'DATABASE_TRANSACTION_CONFLICT');
    return { data: { updated: 1, doc: toEJSON(next) } };
  }

  private remove(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    const tx = this.tx(params);
    if (tx || params.queryType === 'DOC') {
      const id = query._id;
      if (typeof id !== 'string') throw new ProtocolError('INVALID_PARAM', 'doc remove needs _id');
      const { doc: current } = this.read(tx, collection, id);
      if (!current) return { data: { deleted: 0 } };
      this.fault(collection);
      if (tx) this.txWrite(tx, collection, id, null, 'remove');
      else this.applyWrites([{ collection, id, doc: null }], 'DATABASE_TRANSACTION_CONFLICT');
      return { data: { deleted: 1 } };
    }
    const rows = this.store.find(collection, query, params.multi === true ? {} : { limit: 1 });
    for (let i = 0; i < rows.length; i += 1) this.fault(collection);
    this.applyWrites(rows.map((row) => ({ collection, id: row.id, doc: null })), 'DATABASE_TRANSACTION_CONFLICT');
    return { data: { deleted: rows.length } };
  }

  private applyWrites(writes: Write[], onClash: string): void {
    try {
      this.store.apply(writes);
    } catch (error) {
      if (error instanceof VersionClash) {
        throw new ProtocolError(onClash, onClash === 'DATABASE_DUPLICATE_WRITE' ? `E11000 duplicate key error collection: ${error.collection} dup key: { _id: "${error.id}" }` : error.message);
      }
      throw error;
    }
  }

  // --- transactions ------------------------------------------------------------------------

  private begin(): string {
    this.txSeq += 1;
    const id = `tx-${Date.now().toString(36)}-${this.txSeq}`;
    this.txs.set(id, { id, startedAt: Date.now(), writes: new Map(), base: new Map() });
    return id;
  }

  private tx(params: Params): Tx | undefined {
    const id = params.transactionId;
    if (id === undefined || id === null || id === '') return undefined;
    const tx = this.txs.get(String(id));
    if (!tx) throw new ProtocolError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} is not open (committed, aborted or expired)`);
    return tx;
  }

  /**
   * A document and the version a write would be based on: inside a transaction its own
   * buffered write first, and the version it first saw is remembered for the commit check.
   */
  private read(tx: Tx | undefined, collection: string, id: string): { doc: Doc | null; v: number } {
    if (!tx) {
      const stored = this.store.getById(collection, id);
      return { doc: stored?.doc ?? null, v: stored?.v ?? 0 };
    }
    const key = keyOf(collection, id);
    const buffered = tx.writes.get(key);
    if (buffered) return { doc: buffered.doc, v: tx.base.get(key) ?? 0 };
    const stored = this.store.getById(collection, id);
    if (!tx.base.has(key)) tx.base.set(key, stored?.v ?? 0);
    return { doc: stored?.doc ?? null, v: tx.base.get(key) ?? 0 };
  }

  private txWrite(tx: Tx, collection: string, id: string, doc: Doc | null, kind: 'insert' | 'update' | 'remove'): void {
    const key = keyOf(collection, id);
    const holder = this.locks.get(key);
    if (holder && holder !== tx.id) {
      this.abort(tx.id);
      throw new ProtocolError('DATABASE_TRANSACTION_CONFLICT', `document ${collection}/${id} is being written by another transaction`);
    }
    if (kind === 'insert') {
      if (this.read(tx, collection, id).doc !== null) {
        throw new ProtocolError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} dup key: { _id: "${id}" }`);
      }
    }
    if (doc) {
      const clash = this.store.uniqueClash(collection, id, doc);
      if (clash) throw new ProtocolError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} index: ${clash}`);
    }
    if (!tx.base.has(key)) this.read(tx, collection, id);
    this.locks.set(key, tx.id);
    tx.writes.set(key, { collection, id, doc });
  }

  private commit(id: string): void {
    const tx = this.txs.get(id);
    if (!tx) throw new ProtocolError('DATABASE_TRANSACTION_FAIL', `transaction ${id} is not open (committed, aborted or expired)`);
    const writes: Write[] = [...tx.writes.entries()].map(([key, w]) => ({ ...w, expectV: tx.base.get(key) ?? 0 }));
    try {
      this.applyWrites(writes, 'DATABASE_TRANSACTION_CONFLICT');
    } finally {
      this.release(tx);
    }
  }

  private abort(id: string): void {
    const tx = this.txs.get(id);
    if (tx) this.release(tx);
  }

  private release(tx: Tx): void {
    for (const key of tx.writes.keys()) if (this.locks.get(key) === tx.id) this.locks.delete(key);
    this.txs.delete(tx.id);
  }

  private expireTransactions(): void {
    const cutoff = Date.now() - this.txTimeoutMs;
    for (const tx of this.txs.values()) if (tx.startedAt < cutoff) this.release(tx);
  }

  openTransactions(): number {
    return this.txs.size;
  }

  // --- helpers -----------------------------------------------------------------------------

  private fault(collection: string): void {
    for (const fault of this.faults) {
      if (fault.collection && fault.collection !== collection) continue;
      fault.seen += 1;
      if (fault.seen === fault.nth) throw new ProtocolError(fault.code ?? 'SYS_ERR', `injected fault: write ${fault.nth} to ${collection}`);
    }
  }

  private parse(value: unknown): unknown {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new ProtocolError('INVALID_PARAM', 'expected an EJSON string');
    return fromEJSON(value, this.now);
  }
}

export function mapStoreError(error: unknown): ProtocolError | null {
  if (error instanceof ProtocolError) return error;
  if (error instanceof StoreError) return new ProtocolError(error.code, error.message);
  return null;
}

/** Update operators as Mongo applies them; a document without operators is a field merge. */
function applyModifier(doc: Doc, data: Doc): Doc {
  const next = structuredClone(doc);
  const operators = Object.keys(data).some((key) => key.startsWith('$'));
  const modifier = operators ? data : { $set: data };
  applyUpdate(next, modifier as Parameters<typeof applyUpdate>[1]);
  return next;
}

export function project(doc: Doc, projection: Record<string, 0 | 1> | undefined): Doc {
  if (!projection) return doc;
  const keys = Object.keys(projection);
  if (keys.length === 0) return doc;
  // The common case, top-level fields all included (every read of a caller): picked directly,
  // with _id unless excluded, as mingo would; anything else goes to mingo.
  const included = keys.filter((key) => key !== '_id');
  if (included.length > 0 && included.every((key) => projection[key] === 1 && !key.includes('.') && !key.startsWith('$')) && (projection._id === undefined || projection._id === 0 || projection._id === 1)) {
    const picked: Doc = {};
    if (projection._id !== 0 && Object.hasOwn(doc, '_id')) picked._id = doc._id;
    for (const key of included) if (Object.hasOwn(doc, key)) picked[key] = doc[key];
    return picked;
  }
  const [first] = new Query({}).find([doc], projection).all() as Doc[];
  return first ?? doc;
}

function clampLimit(value: unknown): number {
  const limit = num(value);
  if (limit === undefined || limit <= 0) return LIMITS.defaultLimit;
  return Math.min(limit, LIMITS.maxLimit);
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

function str(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new ProtocolError('INVALID_PARAM', `${name} is required`);
  return value;
}

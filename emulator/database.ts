import { aggregate, update as applyUpdate, Query } from 'mingo';
import { ProtocolError } from './errors';
import type { FindOptions, Store, StoredDoc, Write } from './store';
import { applyWrites, Transactions } from './transactions';
import { checkUpdate } from './update-check';
import { bucket } from './bucket';
import { geoTest, rawAt, requireGeoIndex, splitGeo } from './geo';
import { fromEJSON, keyText, newDocId, toEJSON, toSqlKey, valuesAtPath, type Doc } from './values';

export const LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

export interface WriteFault {
  collection?: string;
  /** Fail the nth write (1-based) to the collection from now on. */
  nth: number;
  code?: string;
}

type Params = Record<string, unknown>;

/** A $lookup stage: the equality form (localField, foreignField) or the pipeline form. */
interface LookupSpec {
  from: string;
  localField?: unknown;
  foreignField?: unknown;
  pipeline?: unknown;
}

/**
 * The `database.*` actions of the CloudBase protocol over the store, with server-side
 * transactions (transactions.ts) and injected write faults.
 */
export class DatabaseService {
  private readonly transactions: Transactions;
  private faults: (WriteFault & { seen: number })[] = [];

  constructor(
    readonly store: Store,
    private readonly now: () => number,
    txTimeoutMs = 30_000,
  ) {
    this.transactions = new Transactions(store, txTimeoutMs);
  }

  setFaults(faults: WriteFault[]): void {
    this.faults = faults.map((fault) => ({ ...fault, seen: 0 }));
  }

  reset(): void {
    this.transactions.reset();
    this.faults = [];
  }

  handle(action: string, params: Params): unknown {
    this.transactions.expire();
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
        return { transactionId: this.transactions.begin() };
      case 'database.commitTransaction':
        this.transactions.commit(str(params.transactionId, 'transactionId'));
        return {};
      case 'database.abortTransaction':
        this.transactions.abort(str(params.transactionId, 'transactionId'));
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
    const tx = this.transactions.of(params.transactionId);
    if (params.queryType === 'DOC' || tx) {
      const id = query?._id;
      if (typeof id !== 'string') throw new ProtocolError('INVALID_PARAM', 'doc query needs _id');
      const { doc } = this.transactions.read(tx, collection, id);
      return { data: { list: doc ? [toEJSON(project(doc, projection))] : [] } };
    }
    const limit = clampLimit(params.limit);
    const offset = num(params.offset) ?? 0;
    // The SDK sends a Mongo sort spec, { field: 1 | -1 }, in the order orderBy() was called.
    const order = this.parse(params.order) as Record<string, number> | undefined;
    const options: FindOptions = { skip: offset, limit };
    if (order && Object.keys(order).length > 0) options.sort = Object.fromEntries(Object.entries(order).map(([field, dir]) => [field, dir < 0 ? -1 : 1]));
    const rows = this.select(collection, query ?? {}, options);
    return { data: { list: rows.map((row) => toEJSON(project(row.doc, projection))) }, limit, offset };
  }

  private count(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    return { data: { total: this.select(collection, query).length } };
  }

  private aggregate(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const stages = (params.stages as { stageKey: string; stageValue: string }[] | undefined) ?? [];
    const pipeline = stages.map((stage) => ({ [stage.stageKey]: this.parse(stage.stageValue) }));
    // A leading $match narrows through the indexes; mingo runs the rest of the pipeline, but for
    // the stages the emulator runs itself: $bucket (bucket.ts) and $lookup's read of the other
    // collection, which uses that collection's index (lookupSource).
    const first = pipeline[0] as { $match?: Doc; $geoNear?: Record<string, unknown> } | undefined;
    if (pipeline.slice(1).some((stage) => stage.$geoNear !== undefined))
      throw new ProtocolError('DATABASE_REQUEST_FAILED', '$geoNear is only valid as the first stage in a pipeline.');
    let list = first?.$geoNear ? this.geoNear(collection, first.$geoNear) : this.select(collection, first?.$match ?? {}).map((row) => row.doc);
    let pending: Record<string, unknown>[] = [];
    const flush = () => {
      if (pending.length > 0) list = aggregate(list, pending) as Doc[];
      pending = [];
    };
    for (const stage of first?.$match || first?.$geoNear ? pipeline.slice(1) : pipeline) {
      if (stage.$bucket !== undefined) {
        flush();
        list = bucket(list, stage.$bucket as Parameters<typeof bucket>[1]);
        continue;
      }
      const lookup = stage.$lookup as LookupSpec | undefined;
      if (lookup?.from) {
        flush();
        pending.push({ $lookup: { ...lookup, from: this.lookupSource(lookup, list) } });
        continue;
      }
      pending.push(stage);
    }
    flush();
    return { data: { list: list.map((doc) => toEJSON(doc)) } };
  }

  /**
   * The documents matching a filter: the store's answer, and for a filter with geo operators
   * (geo.ts) the store's answer to the rest of it, kept where the geo conditions hold and, for
   * $nearSphere, ordered nearest first unless the read names its order.
   */
  private select(collection: string, filter: Doc, options: FindOptions = {}): StoredDoc[] {
    const { geo, rest } = splitGeo(filter);
    if (geo.length === 0) return this.store.find(collection, filter, options);
    const geoFields = this.store.geoFields(collection);
    for (const condition of geo) requireGeoIndex(geoFields, condition);
    const near = geo.find((condition) => condition.op === '$nearSphere' || condition.op === '$near');
    const distances = new Map<string, number>();
    let rows = this.store.find(collection, rest, options.sort ? { sort: options.sort } : {}).filter((row) =>
      geo.every((condition) => {
        const outcome = geoTest(row.doc, condition);
        if (condition === near && outcome.distance !== undefined) distances.set(row.id, outcome.distance);
        return outcome.ok;
      }),
    );
    if (near && !options.sort) rows = rows.sort((a, b) => (distances.get(a.id) ?? 0) - (distances.get(b.id) ?? 0));
    const skip = options.skip ?? 0;
    return rows.slice(skip, options.limit === undefined ? undefined : skip + options.limit);
  }

  /**
   * The `$geoNear` stage (aggregate().geoNear): the documents near a point, nearest first, each
   * with its distance (× distanceMultiplier) at `distanceField` and, with `includeLocs`, its
   * location. MongoDB's rules: the first stage only; `key`, or else the collection's one 2dsphere index.
   */
  private geoNear(collection: string, spec: Record<string, unknown>): Doc[] {
    const fail = (message: string): never => {
      throw new ProtocolError('DATABASE_REQUEST_FAILED', message);
    };
    if (typeof spec.distanceField !== 'string' || spec.distanceField === '') fail('$geoNear requires a distanceField');
    const geoFields = this.store.geoFields(collection);
    let key = typeof spec.key === 'string' ? spec.key : undefined;
    if (key === undefined) {
      if (geoFields.length > 1) fail(`There is more than one 2dsphere index on ${collection}; unsure which to use for $geoNear`);
      key = geoFields[0];
    }
    if (key === undefined) return fail('unable to find index for $geoNear query');
    requireGeoIndex(geoFields, { field: key, op: '$geoNear' });
    const condition = {
      field: key,
      op: '$nearSphere' as const,
      spec: { $geometry: spec.near, $maxDistance: spec.maxDistance, $minDistance: spec.minDistance },
    };
    const multiplier = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
    const query = (spec.query as Doc | undefined) ?? {};
    const found = this.select(collection, query)
      .map((row) => ({ doc: row.doc, outcome: geoTest(row.doc, condition) }))
      .filter(({ outcome }) => outcome.ok)
      .sort((a, b) => (a.outcome.distance ?? 0) - (b.outcome.distance ?? 0));
    return found.map(({ doc, outcome }) => {
      const out = structuredClone(doc);
      setPath(out, spec.distanceField as string, (outcome.distance ?? 0) * multiplier);
      if (typeof spec.includeLocs === 'string') setPath(out, spec.includeLocs, rawAt(doc, key));
      return out;
    });
  }

  /**
   * The documents of a $lookup's `from` that can join: with an equality join on `_id` or on the
   * first field of one of its indexes, only those whose foreign field holds one of the local
   * values (read through that index, as CloudBase's database does); otherwise the whole
   * collection. Mongo's equality: a local array joins on any element, and a missing or null
   * local value joins a foreign null or missing one ($in with null matches both).
   */
  private lookupSource(lookup: LookupSpec, docs: Doc[]): Doc[] {
    const { from, localField, foreignField } = lookup;
    const all = () => this.store.find(from, {}).map((row) => row.doc);
    if (typeof localField !== 'string' || typeof foreignField !== 'string' || lookup.pipeline !== undefined) return all();
    const indexed = foreignField === '_id' || this.store.collection(from).indexes.some((index) => index.fields[0] === foreignField);
    if (!indexed) return all();
    const values = new Map<string, unknown>();
    for (const doc of docs) {
      const found = valuesAtPath(doc, localField);
      for (const value of found.length === 0 ? [null] : found) {
        const flat = Array.isArray(value) ? (value.length === 0 ? [null] : value) : [value];
        for (const item of flat) values.set(keyText([toSqlKey(item === undefined ? null : item)]) + typeof item, item === undefined ? null : item);
      }
    }
    if ([...values.values()].some((value) => value !== null && typeof value === 'object' && !(value instanceof Date))) return all();
    return this.store.find(from, { [foreignField]: { $in: [...values.values()] } }).map((row) => row.doc);
  }

  // --- writes ------------------------------------------------------------------------------

  private insert(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    this.store.collection(collection);
    const docs = ((params.data as string[] | undefined) ?? []).map((item) => this.parse(item) as Doc);
    if (docs.length === 0) throw new ProtocolError('INVALID_PARAM', 'insert needs data');
    const tx = this.transactions.of(params.transactionId);
    const ids: string[] = [];
    const writes: Write[] = [];
    for (const doc of docs) {
      const id = doc._id === undefined ? newDocId() : String(doc._id);
      this.fault(collection);
      if (tx) {
        this.transactions.write(tx, collection, id, { ...doc, _id: id }, 'insert');
      } else {
        writes.push({ collection, id, doc: { ...doc, _id: id }, expectV: 0 });
      }
      ids.push(id);
    }
    if (!tx) applyWrites(this.store, writes, 'DATABASE_DUPLICATE_WRITE');
    return { data: { insertedIds: ids } };
  }

  private modify(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    const data = this.parse(params.data) as Doc;
    const merge = params.merge !== false;
    const tx = this.transactions.of(params.transactionId);
    if (tx || params.queryType === 'DOC') {
      const id = query._id;
      if (typeof id !== 'string') throw new ProtocolError('INVALID_PARAM', 'doc update needs _id');
      const { doc: current, v } = this.transactions.read(tx, collection, id);
      const upsert = params.upsert === true;
      if (!current && !upsert) return { data: { updated: 0 } };
      const next = merge ? applyModifier(current ?? { _id: id }, data) : { ...data, _id: id };
      this.fault(collection);
      if (tx) this.transactions.write(tx, collection, id, next, 'update');
      else applyWrites(this.store, [{ collection, id, doc: next, expectV: v }], 'DATABASE_TRANSACTION_CONFLICT');
      return current ? { data: { updated: 1 } } : { data: { updated: 0, upsert_id: id } };
    }
    const rows = this.select(collection, query, params.multi === true ? {} : { limit: 1 });
    const writes: Write[] = [];
    for (const row of rows) {
      this.fault(collection);
      const next = merge ? applyModifier(row.doc, data) : { ...data, _id: row.id };
      writes.push({ collection, id: row.id, doc: next, expectV: row.v });
    }
    if (rows.length === 0 && params.upsert === true) {
      const id = newDocId();
      const seed = Object.fromEntries(
        Object.entries(query).filter(([k, v]) => !k.startsWith('$') && (v === null || typeof v !== 'object' || v instanceof Date)),
      );
      this.fault(collection);
      writes.push({ collection, id, doc: merge ? applyModifier({ ...seed, _id: id }, data) : { ...data, _id: id }, expectV: 0 });
      applyWrites(this.store, writes, 'DATABASE_TRANSACTION_CONFLICT');
      return { data: { updated: 0, upsert_id: id } };
    }
    applyWrites(this.store, writes, 'DATABASE_TRANSACTION_CONFLICT');
    return { data: { updated: writes.length } };
  }

  private modifyAndReturn(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    const data = this.parse(params.data) as Doc;
    const tx = this.transactions.of(params.transactionId);
    const id = typeof query._id === 'string' ? query._id : this.select(collection, query, { limit: 1 })[0]?.id;
    if (!id) return { data: { updated: 0, doc: null } };
    const { doc: current, v } = this.transactions.read(tx, collection, id);
    if (!current || !new Query(query).test(current)) return { data: { updated: 0, doc: null } };
    const next = applyModifier(current, data);
    this.fault(collection);
    if (tx) this.transactions.write(tx, collection, id, next, 'update');
    else applyWrites(this.store, [{ collection, id, doc: next, expectV: v }], 'DATABASE_TRANSACTION_CONFLICT');
    return { data: { updated: 1, doc: toEJSON(next) } };
  }

  private remove(params: Params) {
    const collection = str(params.collectionName, 'collectionName');
    const query = (this.parse(params.query) as Doc | undefined) ?? {};
    const tx = this.transactions.of(params.transactionId);
    if (tx || params.queryType === 'DOC') {
      const id = query._id;
      if (typeof id !== 'string') throw new ProtocolError('INVALID_PARAM', 'doc remove needs _id');
      const { doc: current } = this.transactions.read(tx, collection, id);
      if (!current) return { data: { deleted: 0 } };
      this.fault(collection);
      if (tx) this.transactions.write(tx, collection, id, null, 'remove');
      else applyWrites(this.store, [{ collection, id, doc: null }], 'DATABASE_TRANSACTION_CONFLICT');
      return { data: { deleted: 1 } };
    }
    const rows = this.select(collection, query, params.multi === true ? {} : { limit: 1 });
    for (let i = 0; i < rows.length; i += 1) this.fault(collection);
    applyWrites(
      this.store,
      rows.map((row) => ({ collection, id: row.id, doc: null })),
      'DATABASE_TRANSACTION_CONFLICT',
    );
    return { data: { deleted: rows.length } };
  }

  openTransactions(): number {
    return this.transactions.open();
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

/** Update operators as Mongo applies them; a document without operators is a field merge. */
function applyModifier(doc: Doc, data: Doc): Doc {
  const next = structuredClone(doc);
  const operators = Object.keys(data).some((key) => key.startsWith('$'));
  const modifier = operators ? data : { $set: data };
  checkUpdate(next, modifier);
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
  if (
    included.length > 0 &&
    included.every((key) => projection[key] === 1 && !key.includes('.') && !key.startsWith('$')) &&
    (projection._id === undefined || projection._id === 0 || projection._id === 1)
  ) {
    const picked: Doc = {};
    if (projection._id !== 0 && Object.hasOwn(doc, '_id')) picked._id = doc._id;
    for (const key of included) if (Object.hasOwn(doc, key)) picked[key] = doc[key];
    return picked;
  }
  const [first] = new Query({}).find([doc], projection).all() as Doc[];
  return first ?? doc;
}

/** Sets a dotted path, making the objects on the way. */
function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] as string] = value;
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

import type { DB } from 'wx-server-sdk';
import { buildCaseEvent, findById, hashCaseEvent, query, sealHead, type CaseEvent, type ChainHead } from '#runtime';

/**
 * A case's chain made long, and the tamperings of issue 17 made to it, through the database as an
 * intruder with write access but without the chain key would (the key is used only for a head the
 * court itself writes: `lengthen` stands for the court's own events).
 */
type Db = DB.Database;

/** A fresh emulator with Mr Hu's accepted case, its chain made `total` events long. */
export async function longHuCase(db: Db, total: number): Promise<string> {
  const { resetEmulator } = await import('./emulator');
  const { acceptedHuCase } = await import('./filing');
  const { HU, seedCourts, verify } = await import('./people');
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  const { caseId } = await acceptedHuCase();
  await lengthen(db, caseId, total);
  return caseId;
}

/** Appends court events until the case's chain holds `total`, each sealed as `appendCaseEvent` seals it. */
export async function lengthen(db: Db, caseId: string, total: number, collection = 'cases'): Promise<ChainHead> {
  const record = await findById<{ chain: ChainHead; state: string }>(db, collection, caseId);
  if (!record) throw new Error(`no ${collection}/${caseId}`);
  let head: ChainHead = record.chain;
  const at = new Date('2026-03-02T02:00:00.000Z');
  while (head.seq < total) {
    const event = buildCaseEvent(
      caseId,
      head,
      { action: 'service.read', actor: 'o-hu', actorRole: 'plaintiff', state: record.state, data: { n: head.seq + 1 } },
      at,
    );
    await db.collection('case_events').add({ data: { ...event, replyKey: event._id } });
    head = { seq: event.seq, hash: event.hash, mac: sealHead(caseId, event) };
  }
  await db
    .collection(collection)
    .doc(caseId)
    .update({ data: { chain: head } });
  return head;
}

export async function eventsOf(db: Db, caseId: string): Promise<CaseEvent[]> {
  const out: CaseEvent[] = [];
  for (;;) {
    const page = await query<CaseEvent>(
      db
        .collection('case_events')
        .where({ caseId, seq: db.command.gt(out.length) })
        .orderBy('seq', 'asc')
        .limit(1000),
    );
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** Changes what event `seq` says, leaving its hash: an edit in place. */
export async function editEvent(db: Db, caseId: string, seq: number): Promise<void> {
  const [event] = await query<CaseEvent>(db.collection('case_events').where({ caseId, seq }));
  if (!event) throw new Error(`no event ${seq}`);
  await db
    .collection('case_events')
    .doc(event._id)
    .update({ data: { state: 'withdrawn' } });
}

export async function removeEvent(db: Db, caseId: string, seq: number): Promise<void> {
  const [event] = await query<CaseEvent>(db.collection('case_events').where({ caseId, seq }));
  if (!event) throw new Error(`no event ${seq}`);
  await db.collection('case_events').doc(event._id).remove();
}

/**
 * Edits event `seq`, then recomputes its hash and every later event's link and hash, and sets the
 * case's head to the new last hash: the chain is whole again. Without the key the head's seal cannot
 * be redone: `seal: 'keep'` leaves the old one, `'strip'` removes it.
 */
export async function rewriteFrom(db: Db, caseId: string, seq: number, seal: 'keep' | 'strip', collection = 'cases'): Promise<ChainHead> {
  const events = await eventsOf(db, caseId);
  let prevHash = events[seq - 2]?.hash ?? '0'.repeat(64);
  for (const event of events.slice(seq - 1)) {
    const changed = { ...event, at: new Date(event.at), prevHash, ...(event.seq === seq ? { state: 'withdrawn' } : {}) };
    const hash = hashCaseEvent(changed);
    await db
      .collection('case_events')
      .doc(event._id)
      .update({ data: { prevHash, hash, state: changed.state } });
    prevHash = hash;
  }
  const record = await findById<{ chain: ChainHead }>(db, collection, caseId);
  const head: ChainHead = { seq: events.length, hash: prevHash, ...(seal === 'keep' && record?.chain.mac ? { mac: record.chain.mac } : {}) };
  // A whole-field set, so a stripped seal is gone rather than left in place.
  await db
    .collection(collection)
    .doc(caseId)
    .update({ data: { chain: db.command.set(head) } });
  return head;
}

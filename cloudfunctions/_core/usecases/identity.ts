import { maskResidentId } from '#domain/identity';
import {
  AppError,
  assert,
  faceSessionOutcome,
  findById,
  isDuplicateWrite,
  issueTicket,
  lookupHash,
  seal,
  unseal,
  type ActionContext,
  type SealedValue,
} from '#runtime';
import { aggregateRows, certOf, checkOpenedBy, faceCallKey, faceCheckId, keepCheck, openCheck, sessionOf, startPurposeCheck, type FaceCheck } from './face';
import type { IdentityVerifyInput, IdentityVerifyOutput } from '#schemas/identity';
import type * as z from 'zod';

const IDENTITY_TAKEN = '该身份证号码已绑定其他微信账号；如需更换，请联系法院';
const ACCOUNT_TAKEN = '本账号已实名为他人，如需变更请联系法院';

type Input = z.output<typeof IdentityVerifyInput>;
type StartInput = Extract<Input, { op: 'start' }>;
type CheckInput = Extract<Input, { op: 'check' }>;
type FinishInput = Extract<Input, { op: 'finish' }>;
type Verified = Extract<IdentityVerifyOutput, { op: 'finish' }>;
type Session = Extract<IdentityVerifyOutput, { op: 'start' }>;

/**
 * Real-name verification (人民法院在线诉讼规则 第七条) with WeChat's face check 2.0: the function
 * opens the session for the name and ID number given, the phone runs the check, and the result
 * is asked of WeChat server side. The check must be this caller's, recent, and used once. The ID
 * number is stored sealed, with a keyed hash for lookup, and shown masked; one identity binds
 * one WeChat account.
 */
export async function verifyIdentity(input: Input, ctx: ActionContext): Promise<IdentityVerifyOutput> {
  if (input.op === 'check') return startPurposeCheck(ctx, (input satisfies CheckInput).purpose);
  return input.op === 'start' ? startFaceCheck(input, ctx) : finishFaceCheck(input, ctx);
}

/*
 * Without a transaction (design notes: "Round trips"): each call reads what it needs in one or two
 * round trips and writes one guarded document at a time, in an order where whatever a failed call leaves
 * is either true on its own or completed by the next call.
 *
 * - start: the check carries its call's key (`requestKey`, unique), so a retry is answered from it
 *   and a racing twin collides on it: the caller, the check its key opened, the binding with its
 *   holder, one insert.
 * - finish: the check, its identity's binding, the accounts verified as that identity and the
 *   caller's own account, in one aggregate; then (1) the binding, if the identity has none; (2) the
 *   caller's account, verified, guarded on the identity it held; (3) the check, spent where it is
 *   still unspent, with the finish's key and answer — the commit point a retry answers from.
 *   Failing between (1) and (2), the account is not verified and the binding holds for a while only
 *   (`BINDING_HOLD_MS`); between (2) and (3), the account is verified and bound as it should be,
 *   and the check, still unspent, is spent by the retry or by the next finish of it.
 */

/**
 * One account, one person: an account verified as someone stays that person. A change of identity
 * goes through the court, which unbinds the first one; otherwise the old binding would stay held
 * by an account that is now somebody else.
 */
function assertAccountFree(user: { idLookup?: string | undefined } | null | undefined, idLookup: string): void {
  if (user?.idLookup && user.idLookup !== idLookup) throw new AppError('CONFLICT', ACCOUNT_TAKEN);
}

interface Binding {
  _id: string;
  openid: string;
  at: Date;
}

/**
 * How long a binding whose account is not verified as its identity still holds it: the time one
 * finish takes between its binding and its account (the function's time limit is 10 s). Past it, such
 * a binding is what a finish that failed in between left, and the identity is free for whoever
 * verifies as it next (the binding is then taken over, guarded on its former holder).
 */
export const BINDING_HOLD_MS = 2 * 60_000;

/**
 * Whether a binding holds its identity against `openid`: it is another account's, and that account
 * is verified as the identity (`holderVerified`) or bound it a moment ago.
 */
function heldAgainst(binding: Binding | undefined, openid: string, holderVerified: boolean, now: Date): boolean {
  if (!binding || binding.openid === openid) return false;
  return holderVerified || now.getTime() - new Date(binding.at).getTime() < BINDING_HOLD_MS;
}

async function startFaceCheck(input: StartInput, ctx: ActionContext): Promise<Session> {
  // A retry is answered from the check its first call opened (no WeChat session opened twice).
  const opened = await checkOpenedBy(ctx, faceCallKey(ctx));
  if (opened) return { op: 'start', ...sessionOf(opened) };
  const idLookup = lookupHash('resident-id', input.idNumber);
  // An identity held by another account is refused before anyone's face is scanned.
  assertAccountFree(ctx.caller.user, idLookup);
  const [bound] = await aggregateRows<Binding & { holder: { idLookup?: string }[] }>(
    ctx.db
      .collection('identity_bindings')
      .aggregate()
      .match({ _id: idLookup })
      .lookup({ from: 'users', localField: 'openid', foreignField: '_id', as: 'holder' })
      .project({ openid: true, at: true, 'holder.idLookup': true }),
  );
  if (heldAgainst(bound, ctx.caller.openid, bound?.holder[0]?.idLookup === idLookup, ctx.now)) throw new AppError('CONFLICT', IDENTITY_TAKEN);
  const { check } = await openCheck(
    ctx,
    { name: input.name, idNumber: input.idNumber, idSealed: seal(input.idNumber), idLookup },
    input.lawyer ? { lawyer: input.lawyer } : {},
  );
  return { op: 'start', ...sessionOf(await keepCheck(ctx, check)) };
}

/** A `users` record as 实名认证 reads and writes it. */
interface Account {
  _id: string;
  kind?: 'party' | 'lawyer' | 'staff';
  idLookup?: string;
  lawyer?: { licence: string; firm: string };
  lawyerApprovedAt?: Date;
}

/** The check with, in the same round trip, its identity's binding, the accounts verified as it, and the caller's own. */
type CheckRead = FaceCheck & { binding: Binding[]; holders: { _id: string }[]; account: Account[] };

async function finishFaceCheck(input: FinishInput, ctx: ActionContext): Promise<Verified> {
  const openid = ctx.caller.openid;
  const key = faceCallKey(ctx);
  const [check] = await aggregateRows<CheckRead>(
    ctx.db
      .collection('face_checks')
      .aggregate()
      .match({ _id: faceCheckId(input.verifyId) })
      .lookup({ from: 'identity_bindings', localField: 'idLookup', foreignField: '_id', as: 'binding' })
      .lookup({ from: 'users', localField: 'idLookup', foreignField: 'idLookup', as: 'holders' })
      .lookup({
        from: 'users',
        pipeline: [{ $match: { _id: openid } }, { $project: { kind: true, idLookup: true, lawyer: true, lawyerApprovedAt: true } }],
        as: 'account',
      })
      .project({ 'holders.idSealed': false, 'holders.name': false, 'holders.staff': false, 'holders.lawyer': false }),
  );
  assert(check && check.openid === openid, 'NOT_VERIFIED', '未找到本微信账号发起的这次人脸核身，请重新识别');
  // A check started for a hearing or a signature is that act's, not a new verification.
  assert(!check.purpose, 'NOT_VERIFIED', '这次人脸识别是为其他事项发起的，请重新进行实名认证');
  // A retry of the finish that spent it: the answer it kept.
  if (check.state === 'used' && check.usedKey === key && check.reply) return check.reply as Verified;
  assert(check.state === 'started', 'NOT_VERIFIED', '该次人脸核身结果已使用，请重新识别');
  assert(ctx.now < new Date(check.expiresAt), 'NOT_VERIFIED', '人脸核身结果已过期，请重新识别');
  const idNumber = unseal(check.idSealed);
  const outcome = await faceSessionOutcome(
    { verifyId: input.verifyId, outSeqNo: check.outSeqNo, cert: certOf(check.name, idNumber), openid: check.openid },
    ctx.now,
  );
  if (!outcome.passed) {
    throw new AppError('NOT_VERIFIED', outcome.cancelled ? '人脸核身已取消，请重新识别' : '人脸核身未通过，请本人在光线充足处重新识别', {
      cause: new Error(outcome.detail),
    });
  }
  const account = check.account[0] ?? null;
  assertAccountFree(account, check.idLookup);
  const binding = check.binding[0];
  const holderVerified = (holder: string) => check.holders.some((user) => user._id === holder);
  if (heldAgainst(binding, openid, binding ? holderVerified(binding.openid) : false, ctx.now) || check.holders.some((user) => user._id !== openid)) {
    throw new AppError('CONFLICT', IDENTITY_TAKEN);
  }

  // (1) One identity, one account: the binding's id is the identity's lookup hash, so two accounts racing cannot both take it.
  await bindIdentity(ctx, check.idLookup, binding);
  // (2) The account, verified as this identity, unless a finish racing this one verified it as another.
  const verifiedAt = ctx.now;
  const lawyerStatus: Verified['lawyerStatus'] = account?.lawyerApprovedAt ? 'approved' : check.lawyer ? 'pending' : 'none';
  await verifyAccount(ctx, account, {
    kind: check.lawyer || account?.kind === 'lawyer' ? 'lawyer' : 'party',
    name: check.name,
    idSealed: check.idSealed,
    idLookup: check.idLookup,
    idMasked: maskResidentId(idNumber),
    verifiedAt,
    lastFaceAt: verifiedAt,
    ...(check.lawyer ? { lawyer: { ...check.lawyer, requestedAt: verifiedAt } } : {}),
  });
  // (3) Used once: spent where it is still unspent, with this finish's answer. A finish racing this one spent it first.
  const ticket = issueTicket(openid, { name: check.name, idLookup: check.idLookup, verifiedAt }, verifiedAt);
  const reply: Verified = { op: 'finish', name: check.name, idMasked: maskResidentId(idNumber), verifiedAt: verifiedAt.toISOString(), lawyerStatus, ticket };
  ctx.wrote('face_checks', check._id);
  const spent = (await ctx.db
    .collection('face_checks')
    .where({ _id: check._id, state: 'started' })
    .update({ data: { state: 'used', usedAt: verifiedAt, usedKey: key, reply } })) as { stats: { updated: number } };
  if (spent.stats.updated === 1) return reply;
  const now = await findById<FaceCheck>(ctx.db, 'face_checks', check._id);
  if (now?.usedKey === key && now.reply) return now.reply as Verified;
  throw new AppError('NOT_VERIFIED', '该次人脸核身结果已使用，请重新识别');
}

/**
 * The identity's binding to the caller: inserted where there is none (a racing account that
 * inserted first makes this refuse), taken over from a binding that no longer holds (guarded on
 * its former holder), and left as it is where it is already the caller's.
 */
async function bindIdentity(ctx: ActionContext, idLookup: string, binding: Binding | undefined): Promise<void> {
  const openid = ctx.caller.openid;
  const bindings = ctx.db.collection('identity_bindings');
  ctx.wrote('identity_bindings', idLookup);
  if (binding?.openid === openid) {
    // The caller's own, renewed: a takeover racing this finish (its hold ran out meanwhile) came
    // first, and this one refuses, so two accounts never end verified as one identity.
    const renewed = (await bindings.where({ _id: idLookup, openid }).update({ data: { at: ctx.now } })) as { stats: { updated: number } };
    if (renewed.stats.updated === 1) return;
    throw new AppError('CONFLICT', IDENTITY_TAKEN);
  }
  if (binding) {
    // Taken over only as read: a renewal by its holder meanwhile (a retry of its finish) keeps it.
    const taken = (await bindings.where({ _id: idLookup, openid: binding.openid, at: binding.at }).update({ data: { openid, at: ctx.now } })) as {
      stats: { updated: number };
    };
    if (taken.stats.updated === 1) return;
  } else {
    try {
      await bindings.add({ data: { _id: idLookup, openid, at: ctx.now } });
      return;
    } catch (error) {
      if (!isDuplicateWrite(error)) throw error;
    }
  }
  // Another write came first: it holds the identity unless it was this caller's own (a twin of this call).
  const now = await findById<Binding>(ctx.db, 'identity_bindings', idLookup);
  if (now?.openid !== openid) throw new AppError('CONFLICT', IDENTITY_TAKEN);
}

/**
 * The caller's `users` record, verified: updated where it still holds no identity or this one
 * (a finish racing this one for another identity makes it refuse), or inserted where there is
 * none. Fields other than these (a lawyer's approval, a staff member's roles) are kept.
 */
async function verifyAccount(
  ctx: ActionContext,
  account: Account | null,
  fields: { kind: 'party' | 'lawyer'; name: string; idSealed: SealedValue; idLookup: string; idMasked: string; verifiedAt: Date; lastFaceAt: Date },
): Promise<void> {
  const openid = ctx.caller.openid;
  const users = ctx.db.collection('users');
  const _ = ctx.db.command;
  ctx.wrote('users', openid);
  if (!account) {
    try {
      await users.add({ data: { _id: openid, ...fields } });
      return;
    } catch (error) {
      if (!isDuplicateWrite(error)) throw error;
    }
  }
  const updated = (await users
    .where(_.and([{ _id: openid }, _.or([{ idLookup: fields.idLookup }, { idLookup: _.exists(false) }])]))
    .update({ data: fields })) as { stats: { updated: number } };
  if (updated.stats.updated === 1) return;
  // Matched nothing, or nothing changed (a twin wrote the same): refused only if the account is now someone else.
  assertAccountFree(await findById<Account>(ctx.db, 'users', openid, { idLookup: true }), fields.idLookup);
}

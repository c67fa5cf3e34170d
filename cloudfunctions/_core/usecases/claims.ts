import * as z from 'zod';
import { checkInterestEnd, checkWindow, claimTotalFen, declarationTiming, EMPLOYEE_CLAIM_GUIDANCE, type DeclarationWindow } from '#domain/claims';
import { maskBankAccount } from '#domain/identity';
import { chinaDate } from '#domain/time';
import { AppError, assert, attachUpload, findById, seal, sha256Hex, type ActionContext, type SealedValue, type StoredFile } from '#runtime';
import type { ClaimRegisterInput, ClaimRegisterOutput, ClaimStatusInput, ClaimStatusOutput, ClaimsOpenInput, ClaimsOpenOutput } from '#schemas/claims';

interface BankruptcyRecord extends DeclarationWindow {
  _id: string;
  caseNumber: string;
  debtor: string;
  courtId: string;
  administrators: string[];
  openedBy: string;
  openedAt: Date;
}

interface Amounts {
  principalFen: number;
  interestFen: number;
  interestUntil?: string | undefined;
  otherFen: number;
  totalFen: number;
}

interface ClaimRecord extends Amounts {
  _id: string;
  bankruptcyId: string;
  creditor: string;
  creditorName: string;
  company?: { name: string; uscc: string };
  basis: string;
  collateral?: string;
  joint: boolean;
  status: string;
  evidence: { title: string; file: StoredFile }[];
  bankAccountSealed: SealedValue;
  bankAccountMasked: string;
  eService: { consent: boolean; mobileSealed: SealedValue };
  late: boolean;
  review: { state: 'pending' | 'confirmed' | 'partly-confirmed' | 'disputed' | 'rejected'; confirmedFen?: number; reason?: string };
  version: number;
  versions: (Amounts & { version: number; at: Date; requestId: string })[];
  submittedAt: Date;
  updatedAt: Date;
}

/** One claim per creditor per bankruptcy: the id is derived from both, so racing submissions meet on one document. */
export const claimIdOf = (bankruptcyId: string, creditor: string) => sha256Hex(`${bankruptcyId}\n${creditor}`).slice(0, 32);

/** 开放申报: the court or the administrator opens the window (企业破产法 第四十五条). */
export async function openClaims(input: z.output<typeof ClaimsOpenInput>, ctx: ActionContext): Promise<ClaimsOpenOutput> {
  const problem = checkWindow(input);
  if (problem) throw new AppError('INVALID_INPUT', problem, { fields: { deadlineOn: problem } });
  const staff = ctx.caller.staff;
  assert(staff, 'FORBIDDEN');
  const existing = await findById<BankruptcyRecord>(ctx.db, 'bankruptcies', input.bankruptcyId, { _id: true });
  assert(!existing, 'CONFLICT', '该破产案件的债权申报已开放');
  return ctx.commit(async (tx) => {
    const record: BankruptcyRecord = {
      _id: input.bankruptcyId,
      caseNumber: input.caseNumber,
      debtor: input.debtor,
      courtId: staff.courtId,
      acceptedOn: input.acceptedOn,
      announcedOn: input.announcedOn,
      deadlineOn: input.deadlineOn,
      administrators: ctx.caller.roles.has('administrator') ? [ctx.caller.openid] : [],
      openedBy: ctx.caller.openid,
      openedAt: ctx.now,
    };
    await tx.collection('bankruptcies').add({ data: record });
    return { bankruptcyId: input.bankruptcyId, deadlineOn: input.deadlineOn };
  });
}

/**
 * 申报债权: a verified creditor declares (or amends) their one claim. Employees' claims are
 * not declared (第四十八条); interest stops at acceptance (第四十六条); after the period the
 * declaration is late, with its cost notice, until the final distribution (第五十六条).
 */
export async function registerClaim(input: z.output<typeof ClaimRegisterInput>, ctx: ActionContext): Promise<ClaimRegisterOutput> {
  if (input.kind !== 'ordinary') throw new AppError('STATE', EMPLOYEE_CLAIM_GUIDANCE);
  const bankruptcy = await findById<BankruptcyRecord>(ctx.db, 'bankruptcies', input.bankruptcyId);
  assert(bankruptcy, 'NOT_FOUND', '未找到该破产案件的债权申报');
  const timing = declarationTiming(bankruptcy, chinaDate(ctx.now));
  if (!timing.ok) throw new AppError('DEADLINE', timing.reason);
  const interestProblem = checkInterestEnd(input.interestUntil, input.interestFen, bankruptcy.acceptedOn);
  if (interestProblem) throw new AppError('INVALID_INPUT', interestProblem, { fields: { interestUntil: interestProblem } });
  const totalFen = claimTotalFen(input);
  assert(totalFen > 0, 'INVALID_INPUT', '申报金额须大于零');
  const claimId = claimIdOf(bankruptcy._id, ctx.caller.openid);
  const evidence = await Promise.all(input.evidence.map(async (item) => ({ title: item.title, file: await attachUpload(ctx.cloud, ctx.caller.openid, item.file, `claims/${bankruptcy._id}/${claimId}`) })));
  const amounts: Amounts = { principalFen: input.principalFen, interestFen: input.interestFen, ...(input.interestUntil ? { interestUntil: input.interestUntil } : {}), otherFen: input.otherFen, totalFen };
  return ctx.commit(async (tx) => {
    const previous = await findById<ClaimRecord>(tx, 'claims', claimId);
    assert(!previous || previous.review.state === 'pending', 'STATE', '管理人已审查您的债权，如需更正请联系管理人');
    const version = (previous?.version ?? 0) + 1;
    const record: ClaimRecord = {
      _id: claimId,
      bankruptcyId: bankruptcy._id,
      creditor: ctx.caller.openid,
      creditorName: input.company?.name ?? ctx.caller.user?.name ?? '',
      ...(input.company ? { company: input.company } : {}),
      ...amounts,
      basis: input.basis,
      ...(input.collateral ? { collateral: input.collateral } : {}),
      joint: input.joint,
      status: input.status,
      evidence,
      bankAccountSealed: seal(JSON.stringify(input.bankAccount)),
      bankAccountMasked: `${input.bankAccount.bank} ${maskBankAccount(input.bankAccount.account)}`,
      eService: { consent: input.eService.consent, mobileSealed: seal(input.eService.mobile) },
      late: previous?.late ?? timing.late,
      review: { state: 'pending' },
      version,
      versions: [...(previous?.versions ?? []), { ...amounts, version, at: ctx.now, requestId: input.requestId }],
      submittedAt: previous?.submittedAt ?? ctx.now,
      updatedAt: ctx.now,
    };
    const { _id: _unused, ...data } = record;
    await tx.collection('claims').doc(claimId).set({ data });
    return { claimId, version, totalFen, late: record.late, ...(timing.late ? { notice: timing.notice } : {}) };
  });
}

/** 我的债权: the creditor's own claim and its review. */
export async function claimStatus(input: z.output<typeof ClaimStatusInput>, ctx: ActionContext): Promise<ClaimStatusOutput> {
  const claim = await findById<ClaimRecord>(ctx.db, 'claims', claimIdOf(input.bankruptcyId, ctx.caller.openid));
  assert(claim, 'NOT_FOUND', '您尚未申报该破产案件的债权');
  return {
    claimId: claim._id,
    creditorName: claim.creditorName,
    totalFen: claim.totalFen,
    principalFen: claim.principalFen,
    interestFen: claim.interestFen,
    otherFen: claim.otherFen,
    secured: Boolean(claim.collateral),
    late: claim.late,
    version: claim.version,
    review: claim.review,
    bankAccountMasked: claim.bankAccountMasked,
    submittedAt: claim.submittedAt.toISOString(),
  };
}

import * as z from 'zod';
import {
  checkInterestEnd,
  checkWindow,
  claimTotalFen,
  declarationTiming,
  EMPLOYEE_CLAIM_GUIDANCE,
  LATE_DECLARATION_NOTICE,
  objectionDeadline,
  reviewProblem,
  type DeclarationWindow,
} from '#domain/claims';
import { maskBankAccount } from '#domain/identity';
import { creditorKey, isNamedRepresentative, type ProofKind, type RepresentationCapacity } from '#domain/legal-person';
import { chinaDate } from '#domain/time';
import {
  AppError,
  assert,
  attachUpload,
  findById,
  instanceCache,
  invalidField,
  MAX_PAGE,
  query,
  seal,
  sha256Hex,
  toCsv,
  toXlsx,
  unseal,
  type ActionContext,
  type Cell,
  type Database,
  type InstanceCache,
  type SealedValue,
  type StoredFile,
} from '#runtime';
import { authorizeOn, nothingThere } from './access';
import { recordRepresentation, requireProofs } from './parties';
import type {
  ClaimRegisterInput,
  ClaimRegisterOutput,
  ClaimReviewInput,
  ClaimReviewOutput,
  ClaimsOpenInput,
  ClaimsOpenOutput,
  ClaimStatusInput,
  ClaimStatusOutput,
  ClaimsTableInput,
  ClaimsTableOutput,
  PluginDeployment,
} from '#schemas/claims';
import { WINDOW_CACHE_MS } from '#schemas/claims';

interface BankruptcyRecord extends DeclarationWindow {
  _id: string;
  caseNumber: string;
  debtor: string;
  courtId: string;
  administrators: string[];
  openedBy: string;
  openedAt: Date;
  /** Retiring the plug-in closes the window before it exports the claims. */
  closedAt?: Date;
  archivedAt?: Date;
  /** What opens the intake: written by the deploy, before claims-open (see PluginDeployment). */
  deployment?: PluginDeployment;
  /** The retire is done: the claims are the court's, nothing more is taken here. */
  retiredAt?: Date;
}

/** The document as the deploy leaves it, before claims-open fills in the window. */
type DeployedBankruptcy = Pick<BankruptcyRecord, '_id' | 'deployment' | 'retiredAt' | 'openedAt'>;

/**
 * The deploy record opens the intake: claims-open and claim-register take a bankruptcy only
 * once `npm run plugin -- deploy` has recorded it in this environment, and none once retired.
 */
function assertDeployed(bankruptcy: DeployedBankruptcy | null): asserts bankruptcy is DeployedBankruptcy & { deployment: PluginDeployment } {
  assert(bankruptcy?.deployment, 'NOT_FOUND', '该破产案件尚未部署债权申报插件，请法院信息部门先部署（npm run plugin -- deploy）');
  assert(!bankruptcy.retiredAt, 'DEADLINE', '该破产案件的债权申报已结束，插件已下线');
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
  /** Who the creditor is, whichever account declares: `uscc:<code>` or `person:<keyed hash of the ID number>`. */
  creditor: string;
  /** The account that declared, and alone may amend or read the claim. */
  declaredBy: string;
  creditorName: string;
  company?: { name: string; uscc: string; representative: string };
  /** Who acts for a company creditor, with the papers that prove it. */
  representation?: { capacity: RepresentationCapacity; actorName: string; proofs: { kind: ProofKind; file: StoredFile }[] };
  basis: string;
  collateral?: string;
  /** 第四十九条: secured by property or not, kept as a field for the table's totals. */
  secured: boolean;
  joint: boolean;
  status: string;
  evidence: { title: string; file: StoredFile }[];
  bankAccountSealed: SealedValue;
  bankAccountMasked: string;
  eService: { consent: boolean; mobileSealed: SealedValue };
  late: boolean;
  review: { state: 'pending' | 'confirmed' | 'partly-confirmed' | 'disputed' | 'rejected'; confirmedFen?: number; reason?: string };
  version: number;
  /** Every declaration in order; `late` is whether that one came after the period. */
  versions: (Amounts & { version: number; late?: boolean; at: Date; requestId: string })[];
  submittedAt: Date;
  updatedAt: Date;
}

/** One claim per creditor (`creditorKey`) per bankruptcy: the id is derived from both, so racing submissions meet on one document. */
export const claimIdOf = (bankruptcyId: string, creditor: string) => sha256Hex(`${bankruptcyId}\n${creditor}`).slice(0, 32);

/** The creditor a declaration is for: the company by its credit code, or the verified caller by the keyed hash of their ID number. */
function creditorOf(ctx: ActionContext, uscc: string | undefined): string {
  if (uscc) return creditorKey({ uscc });
  const idLookup = ctx.caller.user?.idLookup;
  assert(idLookup, 'NOT_VERIFIED', '请先完成实名认证');
  return creditorKey({ idLookup });
}

/**
 * A company's claim is declared by its registered legal representative, matched by verified
 * name (民诉法解释 第五十条), or by an agent with its power of attorney; either way with the papers
 * (登记立案规定 第六条, applied to the declaration's evidence by 企业破产法 第四十九条).
 */
async function companyRepresentation(
  ctx: ActionContext,
  company: NonNullable<z.output<typeof ClaimRegisterInput>['company']>,
  folder: string,
): Promise<NonNullable<ClaimRecord['representation']>> {
  if (company.capacity === 'legal-representative')
    assert(
      isNamedRepresentative(company, ctx.caller.user?.name),
      'FORBIDDEN',
      '您实名认证的姓名与该单位的法定代表人不一致；受单位委托申报的，请选择“委托代理人”并提交授权委托书',
    );
  requireProofs(company, '为单位申报债权', 'company.proofs');
  const { capacity, actorName, proofs } = await recordRepresentation(ctx, company, folder);
  return { capacity, actorName, proofs };
}

/** 开放申报: the court or the administrator opens the window (企业破产法 第四十五条). */
export async function openClaims(input: z.output<typeof ClaimsOpenInput>, ctx: ActionContext): Promise<ClaimsOpenOutput> {
  const problem = checkWindow(input);
  if (problem) throw invalidField('deadlineOn', problem);
  return ctx.commit(async (tx) => {
    const deployed = await findById<DeployedBankruptcy>(tx, 'bankruptcies', input.bankruptcyId);
    assertDeployed(deployed);
    // 企业破产法 第三条: the court where the debtor is domiciled hears its bankruptcy, the one the plug-in was deployed for.
    const courtId = deployed.deployment.courtId;
    const { grants } = authorizeOn(ctx, { courtId, members: [] }, 'claims.open');
    assert(!deployed.openedAt, 'CONFLICT', '该破产案件的债权申报已开放');
    const record: Omit<BankruptcyRecord, '_id' | 'deployment'> = {
      caseNumber: input.caseNumber,
      debtor: input.debtor,
      courtId,
      acceptedOn: input.acceptedOn,
      announcedOn: input.announcedOn,
      deadlineOn: input.deadlineOn,
      // An administrator of the court's roster who opens the window administers the bankruptcy.
      administrators: grants.some((g) => g.role === 'court-administrator') ? [ctx.caller.openid] : [],
      openedBy: ctx.caller.openid,
      openedAt: ctx.now,
    };
    await tx.collection('bankruptcies').doc(input.bankruptcyId).update({ data: record });
    return { bankruptcyId: input.bankruptcyId, deadlineOn: input.deadlineOn };
  });
}

/**
 * The declaration window, with its deploy record, as a warm instance keeps it: in a burst
 * every declaration needs it, and it changes rarely. A change (retiring closes the window) is
 * seen within WINDOW_CACHE_MS, which the retire waits out before it counts the claims.
 */
let windows: InstanceCache<BankruptcyRecord | null> | undefined;
/** Only an opened window is kept (a miss is asked again), so one opened a moment ago is seen at once. */
const declarationWindows = (db: Database) =>
  (windows ??= instanceCache(WINDOW_CACHE_MS, async (id) => {
    const found = await findById<BankruptcyRecord>(db, 'bankruptcies', id);
    return found?.openedAt ? found : null;
  }));

/**
 * 申报债权: a verified creditor declares (or amends) their one claim. Employees' claims are
 * not declared (第四十八条); interest stops at acceptance (第四十六条); after the period the
 * declaration is late, with its cost notice, until the final distribution (第五十六条).
 *
 * A first declaration is one insert: the claim's id follows from the bankruptcy and the
 * creditor, so racing twins collide on it, and its first version carries the requestId. Only
 * an amendment, or a retry, takes the transaction that reads the claim back.
 */
export async function registerClaim(input: z.output<typeof ClaimRegisterInput>, ctx: ActionContext): Promise<ClaimRegisterOutput> {
  if (input.kind !== 'ordinary') throw new AppError('STATE', EMPLOYEE_CLAIM_GUIDANCE);
  const bankruptcy = await declarationWindows(ctx.db).get(input.bankruptcyId, ctx.now);
  if (!bankruptcy) {
    // Why not: never deployed, retired, or deployed and not opened yet (a read on this path only).
    assertDeployed(await findById<DeployedBankruptcy>(ctx.db, 'bankruptcies', input.bankruptcyId, { deployment: true, retiredAt: true, openedAt: true }));
    throw new AppError('NOT_FOUND', '该破产案件尚未开放债权申报');
  }
  assertDeployed(bankruptcy);
  assert(!bankruptcy.closedAt && !bankruptcy.archivedAt, 'DEADLINE', '该破产案件的债权申报已结束');
  const timing = declarationTiming(bankruptcy, chinaDate(ctx.now));
  if (!timing.ok) throw new AppError('DEADLINE', timing.reason);
  const interestProblem = checkInterestEnd(input.interestUntil, input.interestFen, bankruptcy.acceptedOn);
  if (interestProblem) throw invalidField('interestUntil', interestProblem);
  const totalFen = claimTotalFen(input);
  assert(totalFen > 0, 'INVALID_INPUT', '申报金额须大于零');
  const creditor = creditorOf(ctx, input.company?.uscc);
  const claimId = claimIdOf(bankruptcy._id, creditor);
  const acting = input.company ? await companyRepresentation(ctx, input.company, `claims/${bankruptcy._id}/${claimId}/representation`) : undefined;
  const evidence = await Promise.all(
    input.evidence.map(async (item) => ({
      title: item.title,
      file: await attachUpload(ctx.cloud, ctx.caller.openid, item.file, `claims/${bankruptcy._id}/${claimId}`),
    })),
  );
  const amounts: Amounts = {
    principalFen: input.principalFen,
    interestFen: input.interestFen,
    ...(input.interestUntil ? { interestUntil: input.interestUntil } : {}),
    otherFen: input.otherFen,
    totalFen,
  };
  const declared = (previous: ClaimRecord | null): ClaimRecord => {
    const version = (previous?.version ?? 0) + 1;
    return {
      _id: claimId,
      bankruptcyId: bankruptcy._id,
      creditor,
      declaredBy: ctx.caller.openid,
      creditorName: input.company?.name ?? ctx.caller.user?.name ?? '',
      ...(input.company ? { company: { name: input.company.name, uscc: input.company.uscc, representative: input.company.representative } } : {}),
      ...(acting ? { representation: acting } : {}),
      ...amounts,
      basis: input.basis,
      ...(input.collateral ? { collateral: input.collateral } : {}),
      secured: Boolean(input.collateral),
      joint: input.joint,
      status: input.status,
      evidence,
      bankAccountSealed: seal(JSON.stringify(input.bankAccount)),
      bankAccountMasked: `${input.bankAccount.bank} ${maskBankAccount(input.bankAccount.account)}`,
      eService: { consent: input.eService.consent, mobileSealed: seal(input.eService.mobile) },
      late: previous?.late ?? timing.late,
      review: { state: 'pending' },
      version,
      versions: [...(previous?.versions ?? []), { ...amounts, version, late: timing.late, at: ctx.now, requestId: input.requestId }],
      submittedAt: previous?.submittedAt ?? ctx.now,
      updatedAt: ctx.now,
    };
  };

  const first = declared(null);
  if (await ctx.insertOne('claims', first)) return answerFor(first, first.version);
  return ctx.commit(async (tx) => {
    const previous = await findById<ClaimRecord>(tx, 'claims', claimId);
    assert(previous, 'CONFLICT');
    // One claim per creditor (企业破产法 第五十七条): a second account declaring for the same person or company amends nothing.
    if (previous.declaredBy !== ctx.caller.openid)
      throw new AppError('CONFLICT', '该债权人已在本案申报债权，同一债权人只能申报一笔；如需更正，请由原申报人办理或联系管理人');
    // A retry of a declaration already made: the same answer, nothing written again.
    const made = previous.versions.find((v) => v.requestId === input.requestId);
    if (made) return answerFor(previous, made.version);
    // The same declaration again under another requestId (ten taps at once): one version.
    const next = declared(previous);
    if (sameDeclaration(previous, next, input)) return answerFor(previous, previous.version);
    assert(previous.review.state === 'pending', 'STATE', '管理人已审查您的债权，如需更正请联系管理人');
    const { _id: _unused, ...data } = next;
    await tx.collection('claims').doc(claimId).set({ data });
    return answerFor({ ...data, _id: claimId }, data.version);
  });
}

/** Whether an amendment declares nothing the claim does not already say: the same amounts, basis, company, evidence, account and phone. */
function sameDeclaration(previous: ClaimRecord, next: ClaimRecord, input: z.output<typeof ClaimRegisterInput>): boolean {
  const declaration = (c: ClaimRecord) =>
    JSON.stringify([
      c.principalFen,
      c.interestFen,
      c.interestUntil ?? null,
      c.otherFen,
      c.basis,
      c.collateral ?? null,
      c.joint,
      c.status,
      c.company ?? null,
      c.creditorName,
      c.eService.consent,
      c.evidence.map((e) => e.title),
    ]);
  return (
    previous.evidence.length === 0 &&
    input.evidence.length === 0 &&
    declaration(previous) === declaration(next) &&
    unseal(previous.bankAccountSealed) === JSON.stringify(input.bankAccount) &&
    unseal(previous.eService.mobileSealed) === input.eService.mobile
  );
}

/** What a declaration answers, rebuilt from the stored claim so a retry gets the same. */
function answerFor(claim: ClaimRecord, version: number): ClaimRegisterOutput {
  const made = claim.versions.find((v) => v.version === version);
  return {
    claimId: claim._id,
    version,
    totalFen: made?.totalFen ?? claim.totalFen,
    late: claim.late,
    ...(made?.late ? { notice: LATE_DECLARATION_NOTICE } : {}),
  };
}

/** 我的债权: the creditor's own claim and its review. */
export async function claimStatus(input: z.output<typeof ClaimStatusInput>, ctx: ActionContext): Promise<ClaimStatusOutput> {
  const claim = ctx.caller.user?.idLookup ? await findById<ClaimRecord>(ctx.db, 'claims', claimIdOf(input.bankruptcyId, creditorOf(ctx, input.uscc))) : null;
  assert(claim && claim.declaredBy === ctx.caller.openid, 'NOT_FOUND', input.uscc ? '您尚未为该单位申报本案债权' : '您尚未申报该破产案件的债权');
  return {
    claimId: claim._id,
    creditorName: claim.creditorName,
    totalFen: claim.totalFen,
    principalFen: claim.principalFen,
    interestFen: claim.interestFen,
    otherFen: claim.otherFen,
    secured: claim.secured,
    late: claim.late,
    version: claim.version,
    review: claim.review,
    bankAccountMasked: claim.bankAccountMasked,
    submittedAt: claim.submittedAt.toISOString(),
  };
}

/** A bankruptcy as the model sees it: its court, and its administrators as its members. */
const bankruptcyMatter = (bankruptcy: Pick<BankruptcyRecord, 'courtId' | 'administrators'>) => ({
  courtId: bankruptcy.courtId,
  // Deployed but not opened yet: no administrators.
  members: (bankruptcy.administrators ?? []).map((openid) => ({ openid, role: 'administrator' as const })),
});

async function administeredBankruptcy(ctx: ActionContext, bankruptcyId: string, permission: 'claims.review' | 'claims.table'): Promise<BankruptcyRecord> {
  const bankruptcy = await findById<BankruptcyRecord>(ctx.db, 'bankruptcies', bankruptcyId);
  if (!bankruptcy?.courtId) throw nothingThere(permission);
  authorizeOn(ctx, bankruptcyMatter(bankruptcy), permission);
  // After the retire the claims are the court's (archived there): a review here would be lost.
  assert(!bankruptcy.retiredAt && !bankruptcy.archivedAt, 'DEADLINE', '该破产案件的债权申报插件已下线，债权已移交法院，请在法院系统中审查');
  return bankruptcy;
}

/** 审查债权 (企业破产法 第五十七条): the administrator's decisions, one by one or in batches of up to 100. */
export async function reviewClaims(input: z.output<typeof ClaimReviewInput>, ctx: ActionContext): Promise<ClaimReviewOutput> {
  await administeredBankruptcy(ctx, input.bankruptcyId, 'claims.review');
  return ctx.commit(async (tx) => {
    for (const [i, review] of input.reviews.entries()) {
      const claim = await findById<ClaimRecord>(tx, 'claims', review.claimId);
      assert(claim && claim.bankruptcyId === input.bankruptcyId, 'NOT_FOUND', `第${i + 1}笔：未找到该债权`);
      const problem = reviewProblem(review.decision, claim.totalFen, review.confirmedFen, review.reason);
      if (problem) throw invalidField(`reviews.${i}`, `第${i + 1}笔：${problem}`, problem);
      const confirmedFen = review.decision === 'confirmed' ? claim.totalFen : review.decision === 'partly-confirmed' ? (review.confirmedFen ?? 0) : 0;
      await tx
        .collection('claims')
        .doc(review.claimId)
        .update({
          data: {
            review: { state: review.decision, confirmedFen, ...(review.reason ? { reason: review.reason } : {}), by: ctx.caller.openid, at: ctx.now },
            updatedAt: ctx.now,
          },
        });
    }
    return { reviewed: input.reviews.length };
  });
}

const STATE_LABEL: Record<string, string> = { pending: '待审查', confirmed: '确认', 'partly-confirmed': '部分确认', disputed: '有争议', rejected: '不予确认' };
/** What a row of the claims table shows, and the fields read for it. */
type TableRow = Pick<ClaimRecord, '_id' | 'creditorName' | 'totalFen' | 'secured' | 'late' | 'review'>;
const TABLE_FIELDS = { creditorName: true, totalFen: true, secured: true, late: true, review: true };

/**
 * 债权表 (第五十七条、第五十八条): totals by review state and security, the table paged, and
 * an export to CSV or XLSX behind a short-lived link; with the meeting's end, the 15-day
 * objection window.
 */
export async function claimsTable(input: z.output<typeof ClaimsTableInput>, ctx: ActionContext): Promise<ClaimsTableOutput> {
  const bankruptcy = await administeredBankruptcy(ctx, input.bankruptcyId, 'claims.table');
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const where = { bankruptcyId: bankruptcy._id, ...(input.state ? { 'review.state': input.state } : {}) };
  const [grouped, page] = await Promise.all([
    input.totals
      ? (ctx.db
          .collection('claims')
          .aggregate()
          .match({ bankruptcyId: bankruptcy._id })
          .group({
            _id: { state: '$review.state', secured: '$secured' },
            claims: $.sum(1),
            declaredFen: $.sum('$totalFen'),
            confirmedFen: $.sum({ $ifNull: ['$review.confirmedFen', 0] }),
          })
          .end() as Promise<{ list: { _id: { state: string; secured: boolean }; claims: number; declaredFen: number; confirmedFen: number }[] }>)
      : null,
    query<TableRow>(
      ctx.db
        .collection('claims')
        .where(where)
        .orderBy('submittedAt', 'asc')
        .skip(input.page * input.pageSize)
        .limit(input.pageSize + 1)
        .field(TABLE_FIELDS),
    ),
  ]);
  const row = (c: TableRow) => ({
    claimId: c._id,
    creditorName: c.creditorName,
    totalFen: c.totalFen,
    secured: c.secured,
    late: c.late,
    state: c.review.state,
    ...(c.review.confirmedFen !== undefined ? { confirmedFen: c.review.confirmedFen } : {}),
  });
  const result: ClaimsTableOutput = {
    ...(grouped
      ? {
          totals: grouped.list
            .map((g) => ({ state: g._id.state, secured: g._id.secured, claims: g.claims, declaredFen: g.declaredFen, confirmedFen: g.confirmedFen }))
            .sort((a, b) => a.state.localeCompare(b.state)),
        }
      : {}),
    rows: page.slice(0, input.pageSize).map(row),
    hasMore: page.length > input.pageSize,
    ...(input.meetingEndsOn ? { objectionDeadline: objectionDeadline(input.meetingEndsOn) } : {}),
  };
  if (!input.export) return result;

  const table: Cell[][] = [['序号', '债权人', '申报金额（元）', '有无财产担保', '补充申报', '审查结论', '确认金额（元）']];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const chunk = await query<TableRow>(
      ctx.db.collection('claims').where(where).orderBy('submittedAt', 'asc').skip(offset).limit(MAX_PAGE).field(TABLE_FIELDS),
    );
    for (const c of chunk)
      table.push([
        table.length,
        c.creditorName,
        c.totalFen / 100,
        c.secured ? '有' : '无',
        c.late ? '是' : '否',
        STATE_LABEL[c.review.state] ?? c.review.state,
        (c.review.confirmedFen ?? 0) / 100,
      ]);
    if (chunk.length < MAX_PAGE) break;
  }
  const bytes = input.export === 'csv' ? toCsv(table) : toXlsx('债权表', table);
  const cloudPath = `claims/${bankruptcy._id}/exports/债权表-${chinaDate(ctx.now)}-${ctx.now.getTime()}.${input.export}`;
  const { fileID } = (await ctx.cloud.uploadFile({ cloudPath, fileContent: bytes })) as { fileID: string };
  const { fileList } = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }] })) as { fileList: { tempFileURL: string }[] };
  return { ...result, export: { url: fileList[0]?.tempFileURL ?? '', expiresAt: new Date(ctx.now.getTime() + 600_000).toISOString(), rows: table.length - 1 } };
}

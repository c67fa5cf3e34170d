import type * as z from 'zod';
import type { ErrorCode } from '../runtime/error-codes';
import type { Permission } from '../domain/authorization';

/*
 * What every action's contract entry is made of. The entries themselves are in ./index.ts; a
 * function's bundle gets only its own entry (scripts/build.ts), this file whole.
 */

/**
 * Roles a person holds everywhere, from `users` (parties, lawyers) and `staff` (court IT provisions).
 * `leader` leads a division (庭长; the enforcement bureau's 局长 leads the enforcement division);
 * `president` is the president or the vice-president in charge (院长、分管副院长), court-wide;
 * `mediator` is on the court's roster of mediators; `mediation-office` is the court's mediation office
 * (诉调对接中心), which keeps the roster, screens applications and designates mediators.
 */
export const GlobalRoles = [
  'party',
  'lawyer',
  'registrar',
  'judge',
  'clerk',
  'executor',
  'leader',
  'administrator',
  'court-it',
  'president',
  'mediator',
  'mediation-office',
] as const;
export type GlobalRole = (typeof GlobalRoles)[number];

/**
 * The CloudBase environments MicroCourt deploys to. Every court function uses the court's one
 * database, whichever court environment it is deployed in (`MC_DATABASE_ENV`, checked by the
 * build); a plug-in has its own environment and database, so its burst never reaches the court's
 * quotas, and after retiring it holds nothing the court needs. When the court's functions outgrow
 * one environment's quota, a second court environment takes the functions named for it
 * (`court-2`: enforcement and mediation), over the same database.
 * `deployedBy` says which command deploys an environment: `npm run deploy` the court's, `npm run
 * plugin` a plug-in's, per bankruptcy.
 */
export const Environments = {
  court: { title: '法院', database: 'court', envVariable: 'ENV_ID', localId: 'microcourt-local', deployedBy: 'deploy' },
  'court-2': { title: '法院（二）', database: 'court', envVariable: 'MC_COURT2_ENV_ID', localId: 'microcourt-2-local', deployedBy: 'deploy' },
  claims: { title: '破产债权申报插件', database: 'claims', envVariable: 'MC_CLAIMS_ENV_ID', localId: 'microcourt-claims-local', deployedBy: 'plugin' },
} as const;
export type EnvironmentKey = keyof typeof Environments;

/** The seed's four modules, and the plug-ins. A module is a folder under cloudfunctions/. */
export const Modules = {
  public: '群众服务',
  litigation: '微诉讼',
  enforcement: '微执行',
  management: '案件管理',
  'plugins/claims': '破产债权申报插件',
} as const;
export type ModuleName = keyof typeof Modules;

/** Everyone who may be on a case; each read then checks the caller's role on that case. */
export const CASE_READERS = [
  'party',
  'lawyer',
  'registrar',
  'judge',
  'clerk',
  'executor',
  'leader',
  'president',
  'mediator',
] as const satisfies readonly GlobalRole[];

export interface ActionEntry<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  module: ModuleName;
  /** What the action is, in the court's words. */
  title: string;
  input: I;
  output: O;
  /** Who may call at all: 'public' needs no identity. */
  allow: 'public' | readonly GlobalRole[];
  /**
   * Whose data it reaches, in the authorization model's terms (`#domain/authorization`): `public`
   * (anyone's, no identity), `own` (the caller's own: what they verify, file, list, receive), or the
   * permissions its use case checks on the matter its input names (`authorize(ctx, caseId, …)`),
   * the first deciding which matter that is. The generated matrix test reads it, and fails an
   * action that declares none.
   */
  access?: Access;
  /** Real-name verification required (parties and lawyers). */
  verified?: boolean;
  /**
   * Changes data: the input carries `requestId` (or `requestIdField` names what identifies one
   * attempt, such as a payment's transaction id), and every change goes through `ctx.commit`.
   */
  mutating?: boolean;
  /**
   * The input field that identifies one attempt, when it is not `requestId` (a payment's
   * `transactionId`); several: the first the input has (a callback that receives two kinds of
   * event). `requestIdDefault` stands in when the field is absent (loading a draft).
   */
  requestIdField?: string | readonly string[];
  requestIdDefault?: string;
  /**
   * Its change is committed by its case event alone, without a transaction, where the event can
   * carry it (runtime/event-commit.ts), touching only the collections named here; otherwise, and
   * for every other action, in a transaction.
   */
  eventFirst?: { chains: readonly string[]; sides?: readonly string[]; counters?: readonly string[] };
  /** Where it is deployed; by default the court's environment, a plug-in's own for a plug-in. */
  env: EnvironmentKey;
  /** Called by WeChat (the payment callback), not by the mini-program. */
  callback?: boolean;
  /**
   * The name of the CloudBase timer trigger that also runs the function (declared with the same
   * name in cloudbaserc.json's `triggers`). Its event is served only when it comes from the
   * trigger (`SOURCE` wx_trigger, no openid); the same event from anyone else is refused.
   */
  timer?: string;
}

/** See `ActionEntry.access`. */
export type Access = 'public' | 'own' | readonly [Permission, ...Permission[]];

export type Spec<I extends z.ZodType, O extends z.ZodType, C extends boolean> = Omit<ActionEntry<I, O>, 'env' | 'callback'> & {
  env?: EnvironmentKey;
  callback?: C;
};

/** One entry, its environment filled from its module when it names none. */
export function action<I extends z.ZodType, O extends z.ZodType, C extends boolean = false>(spec: Spec<I, O, C>): ActionEntry<I, O> & { callback: C } {
  return { ...spec, env: spec.env ?? (spec.module.startsWith('plugins/') ? 'claims' : 'court'), callback: (spec.callback ?? false) as C };
}

/** What every action answers: its data, or a closed error code with a Chinese message (and the fields at fault). */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; fields?: Record<string, string> } };

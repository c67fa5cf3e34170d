export { defineAction, type ActionContext, type ActionSpec, type Envelope } from './define-action';
export { AppError, ErrorCode, assert, defaultMessage, type FieldErrors } from './errors';
export { findById, isDuplicateWrite, isNotFound, isTransactionConflict, MAX_PAGE, DEFAULT_PAGE, type Database, type Transaction } from './db';
export { requireCaseRole, caseRolesOf, GlobalRoles, type Caller, type CaseMember, type CaseRole, type GlobalRole } from './caller';
export { appendCaseEvent, verifyCaseChain, verifyEvents, buildCaseEvent, type CaseEvent, type CaseEventInput, type ChainHead, type ChainVerdict } from './case-events';
export { canonicalJson, sha256Hex } from './canonical-json';
export { requireConfig, type Config } from './config';
export { allocateCaseNumber, nextInSequence } from './counters';
export { seal, unseal, lookupHash, type SealedValue } from './pii';

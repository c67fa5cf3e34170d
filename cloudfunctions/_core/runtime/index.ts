export {
  commitBefore,
  confirmCaller,
  defineAction,
  implement,
  knowsRead,
  queryWithCaller,
  readWithCaller,
  rememberRead,
  runWithRetry,
  type ActionContext,
  type ActionSpec,
  type Envelope,
  type TimerContext,
  type TimerHandler,
} from './define-action';
export { logAnchor, logReminders } from './log';
export { knownRead, outsideOf } from './tx-state';
export { bringUpChain } from './event-commit';
export { idempotencyKey } from './idempotency';
export { AppError, ErrorCode, assert, assertField, defaultMessage, invalidField, type FieldErrors } from './errors';
export { findById, isDuplicateWrite, isNotFound, isTransactionConflict, MAX_PAGE, query, type Database, type Transaction } from './db';
export { requireRecentFace, caseRolesOf, GlobalRoles, type Caller, type CaseMember, type CaseRole, type GlobalRole } from './caller';
export {
  appendCaseEvent,
  verifyCaseChain,
  verifyEvents,
  buildCaseEvent,
  hashCaseEvent,
  headSeal,
  checkWindow,
  EVENT_FIELDS,
  type ChainCheck,
  sealHead,
  anchorRoot,
  sortHeads,
  GENESIS_HASH,
  GENESIS_ROOT,
  type AnchoredHead,
  type ChainAnchor,
  type ActorRole,
  type CaseEvent,
  type CaseEventInput,
  type ChainHead,
  type ChainVerdict,
} from './case-events';
export { canonicalJson, sha256Hex } from './canonical-json';
export { config, requireConfig, type Config } from './config';
export { certHash, faceSessionOutcome, openFaceSession, type CertInfo, type FaceOutcome } from './wechat-api';
export { allocateCaseNumber, nextInSequence } from './counters';
export { seal, unseal, lookupHash, maskPersonalData, type SealedValue } from './pii';
export {
  attachUpload,
  cloudPathOf,
  courtStorage,
  dropUnheld,
  rehash,
  sha256OfBytes,
  storageOf,
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  type StoredFile,
} from './files';
export { keywordValue, miniProgramCode, notify, Templates, type Notice, type NoticeTally, type TemplateKey } from './notify';
export { pagePaths, pages } from './pages';
export { cloudPay, assertPayOk, payNonce, type QueryOrderReply, type UnifiedOrderReply, type RefundReply } from './pay';
export { toCsv, toXlsx, type Cell } from './spreadsheet';
export { instanceCache, clearInstanceCaches, type InstanceCache } from './instance-cache';
export { issueTicket, readTicket, ticketKey, TICKET_TTL_MS } from './ticket';
export { inflateSig, roomTicket, trtcRoomId, trtcUserId, PARTICIPANT_PRIVILEGES, VIEWER_PRIVILEGES, type RoomTicket } from './trtc';

// The common fields, declared with the field builders (fields.ts), where new schemas take them from.
export { Fen, IsoDate, Page, RequestId } from './fields';

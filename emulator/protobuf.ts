/**
 * The few protobuf messages of the WeChat open-API channel, by hand: a varint and
 * length-delimited reader and writer are all they need.
 */
type Field = { no: number; wire: number; value: bigint | Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos];
    if (byte === undefined) throw new Error('truncated varint');
    pos += 1;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

export function decodeFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [value, next] = readVarint(buf, pos);
      fields.push({ no, wire, value });
      pos = next;
    } else if (wire === 2) {
      const [len, next] = readVarint(buf, pos);
      const end = next + Number(len);
      fields.push({ no, wire, value: buf.subarray(next, end) });
      pos = end;
    } else if (wire === 5) {
      fields.push({ no, wire, value: buf.subarray(pos, pos + 4) });
      pos += 4;
    } else if (wire === 1) {
      fields.push({ no, wire, value: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return fields;
}

function writeVarint(value: bigint): Buffer {
  const bytes: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes);
}

export function encodeFields(fields: { no: number; value: number | string | Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const { no, value } of fields) {
    if (typeof value === 'number') {
      parts.push(writeVarint(BigInt((no << 3) | 0)), writeVarint(BigInt.asUintN(64, BigInt(value))));
    } else {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      parts.push(writeVarint(BigInt((no << 3) | 2)), writeVarint(BigInt(bytes.length)), bytes);
    }
  }
  return Buffer.concat(parts);
}

/** CommApiData → the API's parameters (each a top-level key, its value JSON) and the appid. */
export function decodeCommApiData(buf: Buffer): { apiType: number; params: Record<string, unknown>; appid: string } {
  let apiType = 0;
  let appid = '';
  const params: Record<string, unknown> = {};
  for (const field of decodeFields(buf)) {
    if (field.no === 1 && typeof field.value === 'bigint') apiType = Number(field.value);
    if (field.no === 6 && Buffer.isBuffer(field.value)) appid = field.value.toString('utf8');
    if (field.no === 2 && Buffer.isBuffer(field.value)) {
      for (const pair of decodeFields(field.value)) {
        if (pair.no !== 1 || !Buffer.isBuffer(pair.value)) continue;
        let key = '';
        let value: Buffer = Buffer.alloc(0);
        for (const kv of decodeFields(pair.value)) {
          if (kv.no === 1 && Buffer.isBuffer(kv.value)) key = kv.value.toString('utf8');
          if (kv.no === 2 && Buffer.isBuffer(kv.value)) value = kv.value;
        }
        const text = value.toString('utf8');
        try {
          params[key] = JSON.parse(text);
        } catch {
          params[key] = text;
        }
      }
    }
  }
  return { apiType, params, appid };
}

export function encodeCommOpenApiResp(resp: { respData: Buffer; contentType: string; errorCode?: number; httpCode?: number }): Buffer {
  return encodeFields([
    { no: 1, value: resp.respData },
    { no: 2, value: resp.contentType },
    { no: 3, value: resp.errorCode ?? 0 },
    { no: 4, value: resp.httpCode ?? 200 },
  ]);
}

import { ProtocolError } from './errors';
import type { Doc } from './values';

// Geo queries as CloudBase documents them (developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/
// database/geo): `_.geoNear` ($nearSphere: nearest first, min/max distance in metres),
// `_.geoWithin` ($geoWithin: a Polygon, a MultiPolygon or a $centerSphere), `_.geoIntersects`
// ($geoIntersects) and `aggregate().geoNear` ($geoNear, the first stage). "要使用地理位置查询功能时，
// 必须建立地理位置索引": every one needs a 2dsphere index on its field, and CloudBase refuses a
// query without one (production: "-502001 database request fail | ... planner returned error:
// unable to find index for $geoNear query"). Distances are on a sphere of radius 6378.1 km, the
// radius the docs give for $centerSphere; containment and intersection take each edge as a
// straight line in longitude and latitude (MongoDB draws geodesic edges: the two differ only
// for edges hundreds of kilometres long).

export const EARTH_RADIUS_M = 6_378_100;

const GEO_OPERATORS = ['$nearSphere', '$near', '$geoWithin', '$geoIntersects'] as const;
type GeoOperator = (typeof GEO_OPERATORS)[number];

export interface GeoCondition {
  field: string;
  op: GeoOperator;
  spec: Record<string, unknown>;
}

const fail = (message: string): never => {
  throw new ProtocolError('DATABASE_REQUEST_FAILED', message);
};

type Position = [number, number];

/**
 * The geo conditions of a filter (at its top level or inside `$and`), and the filter without
 * them for mingo. A geo operator anywhere else ($or, $nor, $not, $elemMatch) is refused: the
 * emulator does not evaluate it there.
 */
export function splitGeo(filter: Doc): { geo: GeoCondition[]; rest: Doc } {
  const geo: GeoCondition[] = [];
  const strip = (node: Doc): Doc => {
    const out: Doc = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' && Array.isArray(value)) {
        out.$and = value.map((part) => (part && typeof part === 'object' ? strip(part as Doc) : part));
        continue;
      }
      if (!key.startsWith('$') && value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
        const ops = value as Record<string, unknown>;
        const found = GEO_OPERATORS.filter((op) => op in ops);
        if (found.length > 0) {
          for (const op of found) geo.push({ field: key, op, spec: (ops[op] ?? {}) as Record<string, unknown> });
          const others = Object.fromEntries(Object.entries(ops).filter(([op]) => !(GEO_OPERATORS as readonly string[]).includes(op)));
          if (Object.keys(others).length > 0) out[key] = others;
          continue;
        }
      }
      if (containsGeo(value)) fail(`geo operators are evaluated only at the top level of a query or inside $and (the local emulator): ${key}`);
      out[key] = value;
    }
    return out;
  };
  const rest = strip(filter);
  if (geo.filter((c) => c.op === '$nearSphere' || c.op === '$near').length > 1) fail('Too many geoNear expressions');
  return { geo, rest };
}

function containsGeo(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return false;
  if (Array.isArray(value)) return value.some(containsGeo);
  return Object.entries(value as Record<string, unknown>).some(([key, inner]) => (GEO_OPERATORS as readonly string[]).includes(key) || containsGeo(inner));
}

/** CloudBase's refusal of a geo query on a field without a 2dsphere index. */
export function requireGeoIndex(geoFields: readonly string[], condition: { field: string; op: string }): void {
  if (geoFields.includes(condition.field)) return;
  if (condition.op === '$nearSphere' || condition.op === '$near' || condition.op === '$geoNear') fail('unable to find index for $geoNear query');
  fail(`unable to find a 2dsphere index on '${condition.field}' for ${condition.op}: 要使用地理位置查询功能时，必须建立地理位置索引`);
}

/** Distance in metres between two [longitude, latitude] positions, on the sphere. */
export function distance(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A GeoJSON geometry (or a legacy [lng, lat] pair) as its kind and coordinates, or null. */
interface Shape {
  points: Position[];
  lines: Position[][];
  polygons: Position[][][];
}

const isPosition = (value: unknown): value is Position =>
  Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number';

export function shapeOf(value: unknown): Shape | null {
  if (isPosition(value)) return { points: [value], lines: [], polygons: [] };
  if (value === null || typeof value !== 'object') return null;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  const shape: Shape = { points: [], lines: [], polygons: [] };
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  switch (type) {
    case 'Point':
      if (isPosition(coordinates)) shape.points.push(coordinates);
      break;
    case 'MultiPoint':
      shape.points.push(...list(coordinates).filter(isPosition));
      break;
    case 'LineString':
      shape.lines.push(list(coordinates).filter(isPosition));
      break;
    case 'MultiLineString':
      shape.lines.push(...list(coordinates).map((line) => list(line).filter(isPosition)));
      break;
    case 'Polygon':
      shape.polygons.push(list(coordinates).map((ring) => list(ring).filter(isPosition)));
      break;
    case 'MultiPolygon':
      shape.polygons.push(...list(coordinates).map((polygon) => list(polygon).map((ring) => list(ring).filter(isPosition))));
      break;
    default:
      return null;
  }
  return shape;
}

const vertices = (shape: Shape): Position[] => [...shape.points, ...shape.lines.flat(), ...shape.polygons.flatMap((polygon) => polygon[0] ?? [])];

const edgesOf = (shape: Shape): [Position, Position][] => {
  const edges: [Position, Position][] = [];
  const chain = (line: Position[]) => {
    for (let i = 1; i < line.length; i += 1) edges.push([line[i - 1] as Position, line[i] as Position]);
  };
  shape.lines.forEach(chain);
  shape.polygons.forEach((polygon) => polygon.forEach(chain));
  return edges;
};

function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside a polygon's outer ring and outside its holes, or on its boundary. */
function inPolygon(p: Position, polygon: Position[][]): boolean {
  const [outer, ...holes] = polygon;
  if (!outer) return false;
  const onBoundary = polygon.some((ring) => ring.some((a, i) => i > 0 && onSegment(p, ring[i - 1] as Position, a)));
  if (onBoundary) return true;
  return inRing(p, outer) && !holes.some((hole) => inRing(p, hole));
}

const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

function onSegment(p: Position, a: Position, b: Position): boolean {
  return (
    Math.abs(cross(a, b, p)) < 1e-12 &&
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b);
}

function touches(p: Position, shape: Shape): boolean {
  return (
    shape.points.some((q) => q[0] === p[0] && q[1] === p[1]) ||
    edgesOf(shape).some(([a, b]) => onSegment(p, a, b)) ||
    shape.polygons.some((polygon) => inPolygon(p, polygon))
  );
}

export function intersects(a: Shape, b: Shape): boolean {
  if (vertices(a).some((p) => touches(p, b)) || vertices(b).some((p) => touches(p, a))) return true;
  const edgesB = edgesOf(b);
  return edgesOf(a).some(([p, q]) => edgesB.some(([r, s]) => segmentsMeet(p, q, r, s)));
}

/** Every part of `a` inside the region `b` (a Polygon or MultiPolygon). */
function within(a: Shape, region: Shape): boolean {
  const points = vertices(a);
  return points.length > 0 && points.every((p) => region.polygons.some((polygon) => inPolygon(p, polygon)));
}

const queryShape = (spec: Record<string, unknown>, op: string): Shape => {
  const shape = shapeOf(spec.$geometry);
  if (!shape) return fail(`${op} needs a GeoJSON $geometry`);
  return shape;
};

/** The value at a dotted path through objects. */
export function rawAt(doc: Doc, field: string): unknown {
  let current: unknown = doc;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The distance from a point to the nearest vertex of a stored geometry, in metres (null: no geometry). */
export function distanceTo(center: Position, value: unknown): number | null {
  const shape = shapeOf(value);
  if (!shape) return null;
  const points = vertices(shape);
  return points.length === 0 ? null : Math.min(...points.map((p) => distance(center, p)));
}

export function nearCenter(spec: Record<string, unknown>, op: string): Position {
  const shape = shapeOf(spec.$geometry ?? spec);
  const center = shape?.points[0];
  if (!shape || !center || shape.points.length !== 1) return fail(`${op} needs a GeoJSON Point`);
  return center;
}

/**
 * Whether a document satisfies a geo condition; for $nearSphere, also its distance (the order
 * the answer takes).
 */
export function geoTest(doc: Doc, condition: GeoCondition): { ok: boolean; distance?: number } {
  const raw = rawAt(doc, condition.field);
  // A field holds a geometry, a legacy [longitude, latitude] pair, or an array of geometries.
  const stored: unknown[] = raw === undefined ? [] : Array.isArray(raw) && !isPosition(raw) ? raw : [raw];
  const { spec, op } = condition;
  if (op === '$nearSphere' || op === '$near') {
    const center = nearCenter(spec, op);
    const distances = stored.map((value) => distanceTo(center, value)).filter((d): d is number => d !== null);
    if (distances.length === 0) return { ok: false };
    const d = Math.min(...distances);
    const max = typeof spec.$maxDistance === 'number' ? spec.$maxDistance : Infinity;
    const min = typeof spec.$minDistance === 'number' ? spec.$minDistance : 0;
    return { ok: d >= min && d <= max, distance: d };
  }
  const shapes = stored.map(shapeOf).filter((s): s is Shape => s !== null);
  if (op === '$geoWithin') {
    const sphere = spec.$centerSphere;
    if (Array.isArray(sphere)) {
      const [center, radius] = sphere as [unknown, unknown];
      if (!isPosition(center) || typeof radius !== 'number') fail('$centerSphere takes [[longitude, latitude], radius in radians]');
      return {
        ok: shapes.some((s) => vertices(s).length > 0 && vertices(s).every((p) => distance(center as Position, p) <= (radius as number) * EARTH_RADIUS_M)),
      };
    }
    const region = queryShape(spec, op);
    if (region.polygons.length === 0) fail('$geoWithin needs a Polygon or a MultiPolygon');
    return { ok: shapes.some((s) => within(s, region)) };
  }
  const other = queryShape(spec, op);
  return { ok: shapes.some((s) => intersects(s, other)) };
}

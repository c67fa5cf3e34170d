import cloud from 'wx-server-sdk';
import { operation, resetEmulator } from '../support/emulator';

// Geo queries through the real wx-server-sdk, as CloudBase documents them
// (developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/geo, reference-server-api/
// database/command.geoNear …): nearest first for geoNear, distances in metres, and a 2dsphere
// index required ("要使用地理位置查询功能时，必须建立地理位置索引").
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const _ = db.command;
const { Point, LineString, Polygon } = db.Geo;

type Doc = Record<string, unknown> & { _id: string };
const ids = async (where: Record<string, unknown>, collection = 'places') =>
  ((await db.collection(collection).where(where).get()) as { data: Doc[] }).data.map((doc) => doc._id);

// The point of the docs' examples, and courts around it (distances from it: haizhu 1,713 m,
// tianhe 4,873 m, yuexiu 6,802 m, shenzhen 97 km).
const HERE = Point(113.323809, 23.097732);
const COURTS = [
  { _id: 'tianhe', location: Point(113.3613, 23.1247) },
  { _id: 'shenzhen', location: Point(114.0579, 22.5431) },
  { _id: 'yuexiu', location: Point(113.2668, 23.1291) },
  { _id: 'haizhu', location: Point(113.3172, 23.0836) },
];

// centerSphere is in the SDK (since base library 2.8.3) but not in its type declarations.
const circle = (radians: number) => ({ centerSphere: [HERE, radians] }) as unknown as Parameters<typeof _.geoWithin>[0];

beforeEach(async () => {
  await resetEmulator();
  await db.createCollection('places');
  // The console's 索引管理: a 地理位置 (2dsphere) index on location.
  await operation('POST', 'indexes', { collection: 'places', indexes: [{ name: 'location', keys: { location: '2dsphere' } }] });
  await db.collection('places').add({ data: COURTS as unknown as Record<string, unknown> });
});

describe('geo queries over a 2dsphere index', () => {
  it('geoNear: nearest first, within the maximum and beyond the minimum distance, in metres', async () => {
    expect(await ids({ location: _.geoNear({ geometry: HERE, maxDistance: 10_000 }) })).toEqual(['haizhu', 'tianhe', 'yuexiu']);
    expect(await ids({ location: _.geoNear({ geometry: HERE, minDistance: 2_000, maxDistance: 5_000 }) })).toEqual(['tianhe']);
    expect(await ids({ location: _.geoNear({ geometry: HERE }) })).toEqual(['haizhu', 'tianhe', 'yuexiu', 'shenzhen']);
  });

  it('geoWithin: a polygon, and a circle given as centerSphere (radius in radians of 6378.1 km)', async () => {
    const eastOfYuexiu = Polygon([LineString([Point(113.3, 23.0), Point(113.4, 23.0), Point(113.4, 23.2), Point(113.3, 23.2), Point(113.3, 23.0)])]);
    expect((await ids({ location: _.geoWithin({ geometry: eastOfYuexiu }) })).sort()).toEqual(['haizhu', 'tianhe']);
    const fiveKm = (await ids({ location: _.geoWithin(circle(5 / 6378.1)) })).sort();
    expect(fiveKm).toEqual(['haizhu', 'tianhe']);
  });

  it('geoIntersects: a stored road crossing a polygon, and a point on it', async () => {
    await db.collection('places').add({ data: { _id: 'road', location: LineString([Point(113.25, 23.1), Point(113.45, 23.1)]) } });
    const square = Polygon([LineString([Point(113.3, 23.05), Point(113.35, 23.05), Point(113.35, 23.15), Point(113.3, 23.15), Point(113.3, 23.05)])]);
    expect(await ids({ location: _.geoIntersects({ geometry: square }) })).toEqual(['haizhu', 'road']);
    expect(await ids({ location: _.geoIntersects({ geometry: Point(113.4, 23.1) }) })).toEqual(['road']);
  });

  it('aggregate().geoNear: the distance at distanceField, the location at includeLocs, the query applied', async () => {
    const { list } = (await db
      .collection('places')
      .aggregate()
      .geoNear({ near: HERE, distanceField: 'distance', spherical: true, maxDistance: 8_000, query: { _id: _.neq('haizhu') }, includeLocs: 'at' })
      .project({ distance: true, at: true })
      .end()) as { list: { _id: string; distance: number; at: { type: string; coordinates: number[] } }[] };
    expect(list.map((doc) => [doc._id, Math.round(doc.distance)])).toEqual([
      ['tianhe', 4873],
      ['yuexiu', 6802],
    ]);
    expect(list[0]?.at).toEqual({ type: 'Point', coordinates: [113.3613, 23.1247] });
  });
});

describe('geo queries CloudBase refuses', () => {
  it('refuses every geo query on a field without a 2dsphere index, as CloudBase does (-502001)', async () => {
    await db.createCollection('things');
    await db.collection('things').add({ data: { _id: 'a', location: HERE } });
    await expect(ids({ location: _.geoNear({ geometry: HERE }) }, 'things')).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringContaining('unable to find index for $geoNear query'),
    });
    await expect(ids({ location: _.geoWithin(circle(0.1)) }, 'things')).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringContaining('必须建立地理位置索引'),
    });
    await expect(db.collection('things').aggregate().geoNear({ near: HERE, distanceField: 'd', spherical: true }).end()).rejects.toMatchObject({
      errMsg: expect.stringContaining('unable to find index for $geoNear query'),
    });
  });

  it('refuses $geoNear anywhere but the first stage', async () => {
    await expect(
      db.collection('places').aggregate().match({ _id: 'tianhe' }).geoNear({ near: HERE, distanceField: 'd', spherical: true }).end(),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('$geoNear is only valid as the first stage in a pipeline.') });
  });
});

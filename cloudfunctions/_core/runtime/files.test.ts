import { courtStorage, storageOf } from './files';

describe('which environment’s storage a file is in', () => {
  it('reads a file from the environment its fileID names', () => {
    expect(storageOf('cloud://court-2-8g2k1.636f-court-2-8g2k1-1300000/enforcements/E1/a.jpg')).toEqual({ config: { env: 'court-2-8g2k1' } });
    expect(storageOf('cloud://microcourt-local.6d69-microcourt-local-wx1/uploads/o-hu/a.pdf')).toEqual({ config: { env: 'microcourt-local' } });
    expect(storageOf('uploads/o-hu/a.pdf')).toEqual({});
  });

  it('stores in the court’s environment when the function runs in another of the court’s environments', () => {
    const before = process.env.MC_DATABASE_ENV;
    try {
      delete process.env.MC_DATABASE_ENV;
      expect(courtStorage()).toEqual({});
      process.env.MC_DATABASE_ENV = 'court-8g2k1';
      expect(courtStorage()).toEqual({ config: { env: 'court-8g2k1' } });
    } finally {
      if (before === undefined) delete process.env.MC_DATABASE_ENV;
      else process.env.MC_DATABASE_ENV = before;
    }
  });
});

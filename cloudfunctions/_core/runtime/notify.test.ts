import { keywordValue, miniProgramCode, notify } from './notify';
import { setLogSink } from './log';

const CASE_NUMBER = '（2026）粤0106民初123号';

describe('subscribe message values', () => {
  it('keeps a case number whole in a thing field (at most 20 characters)', () => {
    expect(keywordValue('thing1', CASE_NUMBER)).toBe(CASE_NUMBER);
  });

  it('cuts a long thing to 20 characters, the last an ellipsis', () => {
    const value = keywordValue('thing2', `新留言：${'请法官查收我方补充提交的送货单原件扫描件'}`);
    expect([...value]).toHaveLength(20);
    expect(value.endsWith('…')).toBe(true);
  });

  it('cuts a phrase to 5 Chinese characters, without an ellipsis', () => {
    expect(keywordValue('phrase2', '不予受理')).toBe('不予受理');
    expect(keywordValue('phrase2', '已立案并分案处理')).toBe('已立案并分');
  });

  it('shows a time in China time', () => {
    expect(keywordValue('time4', new Date('2026-03-02T02:00:00.000Z'))).toBe('2026-03-02 10:00');
  });
});

describe('notify', () => {
  const lines: string[] = [];
  beforeAll(() => setLogSink((line) => lines.push(line)));
  afterAll(() => {
    setLogSink((line) => process.stdout.write(`${line}\n`));
    delete process.env.MC_TPL_CASE_PROGRESS;
  });
  beforeEach(() => {
    lines.length = 0;
    process.env.MC_TPL_CASE_PROGRESS = 'tpl-progress';
    delete process.env.MC_TPL_SERVICE;
  });

  it('counts a failed notice in an error line, and still sends the others', async () => {
    // Prepare: WeChat refuses the second recipient (they never subscribed).
    const sent: { touser: string; data: unknown }[] = [];
    const cloud = {
      openapi: {
        subscribeMessage: {
          send: async (params: { touser: string; data: unknown }) => {
            if (params.touser === 'o-refuses')
              throw Object.assign(new Error('openapi.subscribeMessage.send:fail 43101 user refuse to accept the msg'), { errCode: 43101 });
            sent.push(params);
            return { errCode: 0 };
          },
        },
      },
    };
    // Act
    const tally = await notify({ cloud, requestId: 'req-0001' }, [
      { template: 'MC_TPL_CASE_PROGRESS', touser: 'o-hu', page: 'litigation/case/case?id=c1', values: { caseNumber: CASE_NUMBER, progress: '承办法官：李明' } },
      {
        template: 'MC_TPL_CASE_PROGRESS',
        touser: 'o-refuses',
        page: 'litigation/case/case?id=c1',
        values: { caseNumber: CASE_NUMBER, progress: '承办法官：李明' },
      },
      { template: 'MC_TPL_SERVICE', touser: 'o-hu', page: 'litigation/inbox/inbox', values: { caseNumber: CASE_NUMBER, document: '开庭传票' } },
    ]);
    // Assess
    expect(tally).toEqual({ sent: 1, failed: 1, unconfigured: 1 });
    expect(sent).toEqual([
      {
        touser: 'o-hu',
        templateId: 'tpl-progress',
        page: 'litigation/case/case?id=c1',
        data: { thing1: { value: CASE_NUMBER }, thing2: { value: '承办法官：李明' } },
      },
    ]);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        kind: 'undelivered',
        channel: 'subscribe-message',
        requestId: 'req-0001',
        attempted: 3,
        sent: 1,
        failed: 1,
        unconfigured: 1,
        errors: [expect.stringContaining('43101')],
      }),
    ]);
  });

  it('writes no line when every notice went out', async () => {
    const cloud = { openapi: { subscribeMessage: { send: async () => ({ errCode: 0 }) } } };
    await expect(
      notify({ cloud }, [{ template: 'MC_TPL_CASE_PROGRESS', touser: 'o-hu', page: 'litigation/case/case?id=c1', values: { caseNumber: CASE_NUMBER } }]),
    ).resolves.toEqual({ sent: 1, failed: 0, unconfigured: 0 });
    expect(lines).toEqual([]);
  });

  it('counts a mini-program code WeChat could not make, and issues the notice without it', async () => {
    const cloud = {
      openapi: {
        wxacode: {
          getUnlimited: async () => Promise.reject(Object.assign(new Error('openapi.wxacode.getUnlimited:fail 41030 invalid page'), { errCode: 41030 })),
        },
      },
    };
    await expect(miniProgramCode({ cloud, requestId: 'req-0002' }, { page: 'public/query/query', scene: 'c=0123456789abcdef' })).resolves.toBeUndefined();
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        kind: 'undelivered',
        channel: 'wxacode',
        requestId: 'req-0002',
        attempted: 1,
        failed: 1,
        errors: [expect.stringContaining('41030')],
      }),
    ]);
  });
});

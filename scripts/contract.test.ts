import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { API_DIR, apiDocuments, apiText } from './lib/api-schemas';
import { contractOfOne } from './build';
import { checkContract, checkDatabaseEnvs, checkLinkedPages, checkQuotas, discoverFunctions, functionQuota, type EntryFacts } from './lib/functions';
import { actionNames, contract, Environments } from '../cloudfunctions/_core/contract';
import { readCloudbaseRc } from '../emulator/project';

const entries: Record<string, EntryFacts> = contract;
const sources = discoverFunctions();

describe('the contract and the function folders', () => {
  it('holds today: every entry has its folder, every folder its entry, each index.ts binds its own name', () => {
    expect(checkContract(sources, entries)).toEqual([]);
    expect(sources.map((s) => s.name).sort()).toEqual([...actionNames].sort());
  });

  it('declares in cloudbaserc.json the timer trigger of every entry that names one, and no other', () => {
    const declared = readCloudbaseRc()
      .functions.flatMap((fn) => (fn.triggers ?? []).map((t) => [fn.name, t.name, t.type, t.config.split(' ').length]))
      .sort();
    const named = Object.entries(contract)
      .flatMap(([name, entry]) => ('timer' in entry && entry.timer ? [[name, entry.timer, 'timer', 7]] : []))
      .sort();
    expect(declared).toEqual(named);
    expect(named).toEqual([
      ['case-verify', 'chain-anchor', 'timer', 7],
      ['enforcement-supervise', 'enforcement-sweep', 'timer', 7],
      ['workbench', 'deadline-reminders', 'timer', 7],
    ]);
  });

  it('fails the build for an entry without its folder', () => {
    const withoutFolder = sources.filter((s) => s.name !== 'case-query');
    expect(checkContract(withoutFolder, entries)).toEqual(['契约中的函数 case-query 没有目录 cloudfunctions/public/case-query/']);
  });

  it('fails the build for a folder without its entry, and for a folder in another module than its entry', () => {
    const stray = { name: 'case-export', module: 'management', entry: 'cloudfunctions/management/case-export/index.ts' };
    const moved = sources.map((s) => (s.name === 'fee-calc' ? { ...s, module: 'litigation' } : s));
    const read = (file: string) => (file === stray.entry ? "export const main = implement('case-export', exportCase);" : readFileSync(file, 'utf8'));
    expect(checkContract([...sources, stray], entries, read)).toEqual([
      '目录 cloudfunctions/management/case-export/ 在契约 cloudfunctions/_core/contract/index.ts 中没有条目',
    ]);
    expect(checkContract(moved, entries)).toEqual(['函数 fee-calc 在契约中属于 public，目录却在 litigation']);
  });

  it('fails the build when an index.ts binds another entry than its folder', () => {
    const read = (file: string) =>
      file.endsWith('/case-list/index.ts') ? "export const main = implement('case-detail', caseDetail);" : readFileSync(file, 'utf8');
    expect(checkContract(sources, entries, read)).toEqual(["litigation/case-list/index.ts 应只绑定 implement('case-list', …)，实为 case-detail"]);
  });
});

describe('quotas per environment', () => {
  const many = (count: number, env: string) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${env}-f${i}`, { module: 'litigation', env }]));

  it('refuses 51 functions in one environment and takes 50, whatever the other environments hold', () => {
    expect(checkQuotas(many(51, 'court'), 50)).toEqual(['环境 court 共 51 个函数，超过云开发单环境 50 个的上限（MC_FUNCTION_QUOTA）']);
    expect(checkQuotas({ ...many(50, 'court'), ...many(40, 'claims') }, 50)).toEqual([]);
  });

  it('takes the quota from MC_FUNCTION_QUOTA, 50 by default, and refuses a value that is not a count', () => {
    expect(functionQuota({})).toBe(50);
    expect(functionQuota({ MC_FUNCTION_QUOTA: '20' })).toBe(20);
    expect(() => functionQuota({ MC_FUNCTION_QUOTA: 'many' })).toThrow('MC_FUNCTION_QUOTA 应为正整数');
    expect(checkQuotas(contract, 20)).toEqual([expect.stringMatching(/^环境 court 共 \d+ 个函数，超过云开发单环境 20 个的上限/)]);
  });

  it('holds for the contract as it is', () => {
    expect(checkQuotas(contract, functionQuota({}))).toEqual([]);
  });
});

describe('a function bundle carries its own entry only', () => {
  it('imports the entry schemas from where they are exported, and no other schema module', () => {
    const source = contractOfOne('fee-paid');
    expect(source).toContain("import { FeePaidInput as input } from '../schemas/fees';");
    expect(source).toContain("import { FeePaidOutput as output } from '../schemas/fees';");
    expect(source).toContain('"requestIdField":["outRefundNo","transactionId"]');
    expect(source.match(/from '\.\.\/schemas\//g)).toHaveLength(2);
  });
});

describe('the published interface', () => {
  it('api/ holds the JSON Schema of every action and the error codes, as the contract is now (npm run api)', () => {
    const documents = apiDocuments();
    expect([...documents.keys()].sort()).toEqual(readdirSync(API_DIR).sort());
    for (const [file, document] of documents) expect(`${file}\n${readFileSync(path.join(API_DIR, file), 'utf8')}`).toBe(`${file}\n${apiText(document)}`);
    expect(documents.size).toBe(actionNames.length + 2);
  });
});

describe('pages linked from functions', () => {
  it('are pages of app.json, and the build refuses one that is not', () => {
    expect(checkLinkedPages()).toEqual([]);
    expect(checkLinkedPages(['litigation/case/case', 'pages/case/detail'])).toEqual([
      '函数链接的页面 pages/case/detail 不在 miniprogram/app.json 中（微信会拒绝：41030）',
    ]);
  });
});

describe('one court database, whichever court environment a function is in', () => {
  const environments = { court: { database: 'court', envVariable: 'ENV_ID' }, 'court-2': { database: 'court', envVariable: 'MC_COURT2_ENV_ID' } };
  const entries = { 'case-list': { module: 'litigation', env: 'court' }, 'case-export': { module: 'management', env: 'court-2' } };

  it('asks a function of a second court environment to declare the court database’s id, and nothing of the others', () => {
    expect(checkDatabaseEnvs(entries, environments, () => undefined)).toEqual([
      '函数 case-export 部署在环境 court-2，使用环境 court 的数据库：cloudbaserc.json 中应声明 "MC_DATABASE_ENV": "{{env.ENV_ID}}"',
    ]);
    expect(checkDatabaseEnvs(entries, environments, (name) => (name === 'case-export' ? { MC_DATABASE_ENV: '{{env.ENV_ID}}' } : undefined))).toEqual([]);
  });

  it('holds for the contract as it is', () => {
    const rc = readCloudbaseRc();
    expect(checkDatabaseEnvs(contract, Environments, (name) => rc.functions.find((fn) => fn.name === name)?.envVariables)).toEqual([]);
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentPowers } from '../../cloudfunctions/_core/domain/agents';
import { CaseRoles, Permissions, PERMISSIONS, UnitRoles, type PermissionRule } from '../../cloudfunctions/_core/domain/authorization';
import { actionNames, contract, type ActionEntry } from '../../cloudfunctions/_core/contract';
import { ROOT } from './functions';

/** The design notes the table lives in, between its two markers. */
export const PERMISSIONS_DOC = path.join(ROOT, 'cloudfunctions/README.md');
const START = '<!-- permissions:start (npm run api writes this table from cloudfunctions/_core/domain/authorization.ts) -->';
const END = '<!-- permissions:end -->';

const MATTERS = { case: '案件', filing: '立案申请', bankruptcy: '破产案件', court: '本院', mediation: '调解' } as const;

const USECASES = path.join(ROOT, 'cloudfunctions/_core/usecases');

/** The use-case modules that name a permission (in an `authorize…` call or a helper that checks it). */
function checkedIn(permission: string): string[] {
  return readdirSync(USECASES)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .filter((file) => readFileSync(path.join(USECASES, file), 'utf8').includes(`'${permission}'`))
    .map((file) => `usecases/${file.replace(/\.ts$/, '')}`)
    .sort();
}

/** The permission table as the design notes show it: who holds each permission, the actions that declare it, and where it is checked. */
export function permissionTable(): string {
  const actionsOf = (permission: string) =>
    actionNames
      .filter((name) => {
        const access = (contract[name] as ActionEntry).access;
        return Array.isArray(access) && access.includes(permission);
      })
      .map((name) => `\`${name}\``);
  const rows = PERMISSIONS.map((name) => {
    const rule: PermissionRule = Permissions[name];
    const holders = [
      ...rule.case.map((role) => CaseRoles[role]),
      ...(rule.unit ?? []).map((unit) => UnitRoles[unit].label),
      ...(rule.global ?? []).map((role) => (role === 'lawyer' ? '经审核的律师' : role)),
    ];
    const side = rule.side ? `（仅${rule.side.map((s) => CaseRoles[s]).join('、')}一方）` : '';
    const power = rule.power ? `代理人须有“${AgentPowers[rule.power].label}”` : '';
    const actions = actionsOf(name);
    const modules = checkedIn(name);
    const where = modules.length ? `${actions.join(' ')}${actions.length ? '；' : ''}${modules.join('、')}` : '（为建设中的模块而设）';
    return `| \`${name}\` | ${rule.label} | ${MATTERS[rule.on]} | ${holders.join('、')}${side} | ${power} | ${where} |`;
  });
  return ['| 权限 | 事项 | 对象 | 谁有此权限 | 代理权限 | 声明它的动作；检查它的用例 |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The design notes with the table as the code states it now. */
export function withPermissionTable(doc: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${PERMISSIONS_DOC} 缺少权限表的标记`);
  return `${doc.slice(0, start + START.length)}\n${permissionTable()}\n${doc.slice(end)}`;
}

export function writePermissionTable(): void {
  writeFileSync(PERMISSIONS_DOC, withPermissionTable(readFileSync(PERMISSIONS_DOC, 'utf8')));
}

import { discoverFunctions } from './functions';

/** The temporary plug-ins court IT deploys and retires on their own. */
export const PLUGINS = {
  /** intake: the function that takes new declarations, removed first when the plug-in retires. */
  claims: { title: '破产债权申报', module: 'plugins/claims', bankruptcyScoped: true, intake: 'claim-register' },
} as const;
export type PluginName = keyof typeof PLUGINS;

export function pluginFunctions(plugin: PluginName): string[] {
  return discoverFunctions()
    .filter((f) => f.module === PLUGINS[plugin].module)
    .map((f) => f.name)
    .sort();
}

export interface Step {
  what: string;
  /** Shown in a dry run; run for real otherwise. */
  command?: string[];
}

/** The steps of deploying or retiring a plug-in, as court IT reads them before anything happens. */
export function lifecyclePlan(
  action: 'deploy' | 'retire',
  plugin: PluginName,
  bankruptcyId: string,
  target: { emulator?: string | undefined; env: string; courtEnv: string; courtId?: string },
): Step[] {
  const functions = pluginFunctions(plugin);
  const where = target.emulator ? `模拟器 ${target.emulator} 的插件环境 ${target.env}` : `插件的云开发环境 ${target.env}`;
  if (action === 'deploy') {
    return [
      { what: `构建插件「${PLUGINS[plugin].title}」的 ${functions.length} 个函数：${functions.join('、')}` },
      ...functions.map((name) => ({
        what: `部署云函数 ${name}（${where}）`,
        ...(target.emulator ? {} : { command: ['tcb', 'fn', 'deploy', name, '--force', '-e', target.env] }),
      })),
      { what: `复制法院数据：法院 ${target.courtId ?? ''} 的法官与管理人（法院环境 ${target.courtEnv} → 插件环境 ${target.env}）` },
      { what: `开启入口：plugins/${plugin} 对破产案件 ${bankruptcyId} 可用（记录于法院环境 ${target.courtEnv}）` },
    ];
  }
  const intake = PLUGINS[plugin].intake;
  const remove = (name: string) => ({
    what: `下线云函数 ${name}（${where}）`,
    // `tcb fn delete` takes no --force (the CLI answers "unknown option"); it asks nothing when run without a terminal.
    ...(target.emulator ? {} : { command: ['tcb', 'fn', 'delete', name, '-e', target.env] }),
  });
  // Close the door before counting: nothing can be declared once the export has begun.
  return [
    { what: `关闭申报：bankruptcies/${bankruptcyId} 标记关闭，此后提交的申报一律不予接收` },
    remove(intake),
    ...(target.emulator ? [] : [{ what: `等待进行中的申报结束（${intake} 的超时时间）` }]),
    { what: `导出并归档破产案件 ${bankruptcyId} 的全部申报债权（CSV 与 JSON 行格式，存入法院环境 ${target.courtEnv} 的云存储 archive/）` },
    { what: `标记归档：法院环境的 bankruptcies/${bankruptcyId}` },
    { what: `关闭入口：plugins/${plugin}` },
    ...functions.filter((name) => name !== intake).map(remove),
  ];
}

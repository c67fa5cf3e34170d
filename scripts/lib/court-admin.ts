import tcb from '@cloudbase/node-sdk';
import * as z from 'zod';
import { zhCN } from 'zod/locales';
import { COURT_CODES } from '../../cloudfunctions/_core/domain/case-numbers';
import { CaseTypes } from '../../cloudfunctions/_core/domain/filing';
import { MediatorKinds, type MediatorProfile } from '../../cloudfunctions/_core/domain/mediation';
import { StaffRoles } from '../../cloudfunctions/_core/runtime/caller';

z.config(zhCN());

/**
 * Court IT's provisioning: courts, divisions, staff and lawyer approvals, as writes that are
 * checked before anything is sent. The same writes go to the emulator or to CloudBase.
 */
export interface Write {
  collection: 'courts' | 'staff' | 'users' | 'mediators';
  id: string;
  /** set: the whole document; update: these fields; merge: these fields, creating the document if absent. */
  kind: 'set' | 'update' | 'merge';
  data: Record<string, unknown>;
  what: string;
}

const Id = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'id 只能包含字母、数字、下划线或连字符');
const Name = z.string().trim().min(2).max(100);

export const Commands = {
  'add-court': z.object({
    id: Id,
    code: z
      .string()
      .regex(/^(最高法|[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青台内桂藏宁新港澳军兵](\d{2}|\d{4})?)$/, '法院代字格式不正确（如 粤0106）'),
    name: Name,
  }),
  'add-division': z.object({
    court: Id,
    id: Id,
    name: Name,
    /** The case types the division hears (`divisionHearing`): an accepted case goes to the one division hearing its type. */
    hears: z
      .string()
      .transform((text, ctx) => {
        const types = text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const unknown = types.filter((t) => !(t in CaseTypes));
        if (types.length === 0 || unknown.length > 0)
          ctx.addIssue({ code: 'custom', message: `案件类型应为 ${Object.keys(CaseTypes).join('、')} 中的一个或多个，以逗号分隔` });
        return types;
      })
      .optional(),
  }),
  'add-staff': z.object({
    openid: z.string().min(6).max(128),
    name: Name,
    court: Id,
    division: Id.optional(),
    roles: z.string().transform((text, ctx) => {
      const roles = text
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const unknown = roles.filter((r) => !StaffRoles.includes(r as never));
      if (roles.length === 0 || unknown.length > 0) ctx.addIssue({ code: 'custom', message: `角色应为 ${StaffRoles.join('、')} 中的一个或多个，以逗号分隔` });
      return roles;
    }),
  }),
  /** What the public reads of a court (public-notices, view court): every option not given is kept. */
  'set-court-info': z.object({
    court: Id,
    address: z.string().trim().min(4).max(200).optional(),
    hours: z.string().trim().min(2).max(200).optional(),
    phone: z
      .string()
      .regex(/^[0-9+()\- ]{5,30}$/, '电话号码格式不正确')
      .optional(),
    /** latitude,longitude (GCJ-02, as wx.openLocation takes it). */
    location: z
      .string()
      .transform((text, ctx) => {
        const [latitude, longitude] = text.split(',').map((n) => Number(n.trim()));
        if (
          latitude === undefined ||
          longitude === undefined ||
          !Number.isFinite(latitude) ||
          !Number.isFinite(longitude) ||
          Math.abs(latitude) > 90 ||
          Math.abs(longitude) > 180
        )
          ctx.addIssue({ code: 'custom', message: '位置应为 纬度,经度，如 23.1291,113.2644' });
        return { latitude: latitude ?? 0, longitude: longitude ?? 0 };
      })
      .optional(),
    directions: z.string().trim().min(2).max(500).optional(),
  }),
  /**
   * 调解员名册 (在线调解规则 第五条): a mediator's account (staff with the mediator role) and the public
   * profile of the roster in one command, for court IT's first load; the mediation office keeps the
   * roster afterwards with the mediator-roster action.
   */
  'add-mediator': z.object({
    court: Id,
    openid: z.string().min(6).max(128),
    name: Name,
    kind: z.enum(Object.keys(MediatorKinds) as [keyof typeof MediatorKinds, ...(keyof typeof MediatorKinds)[]], {
      error: `调解员类别应为 ${Object.keys(MediatorKinds).join('、')}`,
    }),
    organisation: z.string().trim().min(2).max(100).optional(),
    intro: z.string().trim().min(4).max(500),
    range: z
      .string()
      .transform((text) =>
        text
          .split(/[,，、]/)
          .map((w) => w.trim())
          .filter(Boolean),
      )
      .refine((w) => w.length > 0, '请至少写一类可调解的纠纷'),
    specialities: z
      .string()
      .transform((text) =>
        text
          .split(/[,，、]/)
          .map((w) => w.trim())
          .filter(Boolean),
      )
      .optional(),
    /** 'free', or what is charged (人民调解 is free: 人民调解法 第四条). */
    fee: z.string().trim().min(2).max(200),
  }),
  'deactivate-staff': z.object({ openid: z.string().min(6).max(128) }),
  'approve-lawyer': z.object({ openid: z.string().min(6).max(128) }),
} as const;
export type CommandName = keyof typeof Commands;

/** The writes a command makes, or the Chinese reasons it cannot. */
export function plan(
  command: string,
  options: Record<string, string | undefined>,
  now: Date,
  existing: { courts: Map<string, { name?: string; divisions: { id: string; name: string }[] }> },
): Write[] {
  if (!(command in Commands)) throw new Error(`未知命令 ${command}；可用：${Object.keys(Commands).join('、')}`);
  const read = <S extends z.ZodType>(schema: S): z.output<S> => {
    const parsed = schema.safeParse(options);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    return parsed.data;
  };
  switch (command as CommandName) {
    case 'add-court': {
      const { id, code, name } = read(Commands['add-court']);
      const known = COURT_CODES[code];
      if (known && known !== name) throw new Error(`法院代字 ${code} 属于「${known}」，与「${name}」不符`);
      return [
        {
          collection: 'courts',
          id,
          kind: 'set',
          data: { code, name, divisions: existing.courts.get(id)?.divisions ?? [], updatedAt: now },
          what: `法院 ${name}（${code}）`,
        },
      ];
    }
    case 'add-division': {
      const { court, id, name, hears } = read(Commands['add-division']);
      const found = existing.courts.get(court);
      if (!found) throw new Error(`法院 ${court} 不存在，请先 add-court`);
      const divisions = [...found.divisions.filter((d) => d.id !== id), { id, name, ...(hears ? { hears } : {}) }];
      return [{ collection: 'courts', id: court, kind: 'update', data: { divisions, updatedAt: now }, what: `部门 ${name}` }];
    }
    case 'add-staff': {
      const { openid, name, court, division, roles } = read(Commands['add-staff']);
      const found = existing.courts.get(court);
      if (!found) throw new Error(`法院 ${court} 不存在，请先 add-court`);
      if (division && !found.divisions.some((d) => d.id === division)) throw new Error(`法院 ${court} 没有部门 ${division}`);
      const staff = { courtId: court, ...(division ? { divisionId: division } : {}), roles, active: true };
      return [
        {
          collection: 'staff',
          id: openid,
          kind: 'set',
          data: { name, ...staff, caseload: 0, updatedAt: now },
          what: `工作人员 ${name}（${roles.join('、')}）`,
        },
        // The functions identify a caller with one read of users/<openid>: the roles are mirrored there.
        { collection: 'users', id: openid, kind: 'merge', data: { name, staff, updatedAt: now }, what: '同步登录身份' },
      ];
    }
    case 'set-court-info': {
      const { court, ...info } = read(Commands['set-court-info']);
      if (!existing.courts.has(court)) throw new Error(`法院 ${court} 不存在，请先 add-court`);
      const given = Object.fromEntries(
        Object.entries(info)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [`info.${k}`, v]),
      );
      if (Object.keys(given).length === 0) throw new Error('请至少给出 --address、--hours、--phone、--location、--directions 中的一项');
      return [
        {
          collection: 'courts',
          id: court,
          kind: 'update',
          data: { ...given, updatedAt: now },
          what: `法院信息（${Object.keys(info)
            .filter((k) => info[k as keyof typeof info] !== undefined)
            .join('、')}）`,
        },
      ];
    }
    case 'add-mediator': {
      const { court, openid, name, kind, organisation, intro, range, specialities, fee } = read(Commands['add-mediator']);
      const found = existing.courts.get(court);
      if (!found) throw new Error(`法院 ${court} 不存在，请先 add-court`);
      const staff = { courtId: court, roles: ['mediator'], active: true };
      const profile: MediatorProfile = {
        name,
        kind,
        ...(organisation ? { organisation } : {}),
        introduction: intro,
        caseRange: range,
        specialities: specialities ?? [],
        fee: fee === 'free' ? { charged: false } : { charged: true, note: fee },
        invitingCourt: found.name ?? court,
      };
      return [
        { collection: 'staff', id: openid, kind: 'set', data: { name, ...staff, caseload: 0, updatedAt: now }, what: `调解员账号 ${name}` },
        { collection: 'users', id: openid, kind: 'merge', data: { name, staff, updatedAt: now }, what: '同步登录身份' },
        {
          collection: 'mediators',
          id: `${court}:${openid}`,
          kind: 'set',
          data: { ...profile, courtId: court, openid, active: true, caseload: 0, updatedAt: now, updatedBy: 'court-admin' },
          what: `调解员名册 ${name}（${MediatorKinds[kind]}）`,
        },
      ];
    }
    case 'deactivate-staff': {
      const { openid } = read(Commands['deactivate-staff']);
      return [
        { collection: 'staff', id: openid, kind: 'update', data: { active: false, updatedAt: now }, what: '停用工作人员' },
        { collection: 'users', id: openid, kind: 'update', data: { 'staff.active': false, updatedAt: now }, what: '同步登录身份' },
      ];
    }
    case 'approve-lawyer':
      return [{ collection: 'users', id: read(Commands['approve-lawyer']).openid, kind: 'update', data: { lawyerApprovedAt: now }, what: '律师身份审核通过' }];
  }
}

export interface Target {
  /** The emulator's base URL, or undefined for CloudBase. */
  emulator?: string | undefined;
  env: string;
  secretId: string;
  secretKey: string;
}

export type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;

export function connect(target: Target): Db {
  return tcb
    .init({ env: target.env, secretId: target.secretId, secretKey: target.secretKey, ...(target.emulator ? { serviceUrl: `${target.emulator}/admin` } : {}) })
    .database();
}

export async function readCourts(db: Db): Promise<Map<string, { name?: string; divisions: { id: string; name: string }[] }>> {
  const res = (await db.collection('courts').limit(1000).get()) as unknown as {
    data: { _id: string; name?: string; divisions?: { id: string; name: string }[] }[];
  };
  return new Map(res.data.map((c) => [c._id, { ...(c.name ? { name: c.name } : {}), divisions: c.divisions ?? [] }]));
}

export async function apply(db: Db, writes: readonly Write[]): Promise<void> {
  for (const write of writes) {
    const ref = db.collection(write.collection).doc(write.id);
    if (write.kind === 'set') await ref.set(write.data);
    else if (write.kind === 'merge') {
      const current = ((await ref.get()) as { data: Record<string, unknown>[] }).data[0] ?? { kind: 'staff' };
      const { _id: _ignored, ...rest } = current;
      await ref.set({ ...rest, ...write.data });
    } else {
      const res = (await ref.update(write.data)) as { updated?: number };
      if (res.updated === 0) throw new Error(`${write.collection}/${write.id} 不存在`);
    }
  }
}

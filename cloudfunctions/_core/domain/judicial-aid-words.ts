/*
 * The words of 司法救助 (诉讼费用交纳办法 第四十四条至第四十七条): its forms and grounds, apart from
 * the rules so that the phone can show them as the functions name them.
 */

export const AID_KINDS = ['exemption', 'reduction', 'deferral'] as const;
export type AidKind = (typeof AID_KINDS)[number];

export const AidKindLabels: Readonly<Record<AidKind, string>> = {
  exemption: '免交诉讼费用',
  reduction: '减交诉讼费用',
  deferral: '缓交诉讼费用',
};

/**
 * The grounds of each form, as the articles list them. Every named ground is one where the court
 * "应当准予" (must grant, on proof); `other` is the articles' catch-all, left to the court.
 */
export const AidGrounds = {
  // 第四十五条 (natural persons only, 第四十四条).
  'disabled-no-income': { kind: 'exemption', label: '残疾人无固定生活来源' },
  'maintenance-claim': { kind: 'exemption', label: '追索赡养费、扶养费、抚育费、抚恤金' },
  'minimum-allowance': { kind: 'exemption', label: '最低生活保障对象、农村特困定期救济对象、农村五保供养对象或者领取失业保险金人员，无其他收入' },
  'good-samaritan': { kind: 'exemption', label: '因见义勇为或者为保护社会公共利益致使自身合法权益受到损害' },
  'exemption-other': { kind: 'exemption', label: '确实需要免交的其他情形' },
  // 第四十六条.
  'disaster-hardship': { kind: 'reduction', label: '因自然灾害等不可抗力造成生活困难，正在接受社会救济，或者家庭生产经营难以为继' },
  'special-care': { kind: 'reduction', label: '属于国家规定的优抚、安置对象' },
  'welfare-institution': { kind: 'reduction', label: '社会福利机构和救助管理站' },
  'reduction-other': { kind: 'reduction', label: '确实需要减交的其他情形' },
  // 第四十七条.
  'insurance-claim': { kind: 'deferral', label: '追索社会保险金、经济补偿金' },
  'accident-victim': { kind: 'deferral', label: '海上事故、交通事故、医疗事故、工伤事故、产品质量事故或者其他人身伤害事故的受害人请求赔偿' },
  'legal-aid': { kind: 'deferral', label: '正在接受有关部门法律援助' },
  'deferral-other': { kind: 'deferral', label: '确实需要缓交的其他情形' },
} as const satisfies Record<string, { kind: AidKind; label: string }>;
export type AidGround = keyof typeof AidGrounds;
export const AID_GROUNDS = Object.keys(AidGrounds) as [AidGround, ...AidGround[]];

/** 第四十六条: a reduction is at least 30 per cent of the fee. */
export const MIN_REDUCTION_PERCENT = 30;

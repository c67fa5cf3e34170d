import * as z from 'zod';

const key32 = z
  .string()
  .transform((value) => Buffer.from(value, 'base64'))
  .refine((buffer) => buffer.length === 32, '须为 32 字节密钥的 base64 编码');

/**
 * The environment every function reads, validated once when the bundle loads. Keys are
 * optional here because not every function needs every key; `requireConfig` fails the
 * call (INTERNAL, logged) when a function uses a key its deployment did not set.
 */
const ConfigSchema = z.object({
  TCB_ENV: z.string().min(1).default('local'),
  /** AES-256-GCM key for identity numbers and bank accounts (base64 of 32 bytes). */
  MC_PII_KEY: key32.optional(),
  /** HMAC-SHA256 key for lookup hashes of identity numbers (base64 of 32 bytes). */
  MC_LOOKUP_KEY: key32.optional(),
  /** HMAC-SHA256 key sealing each case's chain head and the daily anchors (base64 of 32 bytes): a rewrite without it shows. */
  MC_CHAIN_KEY: key32.optional(),
  /** A fixed "now" (ISO 8601), honoured only on the local emulator, for reproducible tests. */
  MC_FIXED_NOW: z.iso.datetime({ offset: true }).optional(),
  MC_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** WeChat's HTTPS API host; the emulator points functions at itself. */
  MC_WX_API_BASE: z.url().default('https://api.weixin.qq.com'),
  /** The mini-program's AppID and AppSecret, for the access_token of the APIs cloud calls do not cover (face check 2.0). */
  MC_WX_APPID: z.string().min(1).optional(),
  MC_WX_APPSECRET: z.string().min(1).optional(),
  /** The court's WeChat Pay sub-merchant id, to which litigation fees are paid. */
  MC_PAY_SUB_MCH_ID: z.string().min(1).optional(),
  /** TRTC (实时音视频) application of the video rooms, and its secret key for UserSig and PrivateMapKey (runtime/trtc.ts). */
  MC_TRTC_SDKAPPID: z.coerce.number().int().positive().optional(),
  MC_TRTC_SECRET: z.string().min(16).optional(),
  /** How old a face check may be for verification, signing or joining a hearing. */
  MC_FACE_MAX_AGE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`云函数环境变量配置错误：${detail}`);
  }
  return parsed.data;
}

// Read once at load: a bad deployment fails on its first cold start, loudly, not mid-case.
export const config: Config = parseConfig(process.env);

export function requireConfig<K extends keyof Config>(name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null) throw new ConfigError(`缺少环境变量 ${String(name)}`);
  return value as NonNullable<Config[K]>;
}

import { createHash } from 'node:crypto';
import type cloud from 'wx-server-sdk';
import { AppError } from './errors';

/** What a court accepts as an attachment, and how large (在线诉讼规则 第十一条: scans, photos, audio, video). */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
};
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

export interface StoredFile {
  fileID: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
}

/** The path inside the bucket of a `cloud://<env>.<bucket>/<path>` fileID. */
export function cloudPathOf(fileID: string): string {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID);
  if (!match?.[1]) throw new AppError('INVALID_INPUT', '文件标识不正确');
  return match[1];
}

export function sha256OfBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Moves a file the caller uploaded to its own area into a case's private folder, checking
 * type and size and computing the SHA-256 here, on the server, never trusting the phone.
 */
export async function attachUpload(sdk: typeof cloud, owner: string, fileID: string, destDir: string): Promise<StoredFile> {
  const path = cloudPathOf(fileID);
  if (!path.startsWith(`uploads/${owner}/`)) throw new AppError('FORBIDDEN', '只能提交本人上传的文件');
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const type = ATTACHMENT_TYPES[ext];
  if (!type) throw new AppError('INVALID_INPUT', `不支持的文件类型「${name}」，请提交 PDF、图片、Word、音频或视频`, { fields: { file: '文件类型不支持' } });
  let bytes: Buffer;
  try {
    bytes = ((await sdk.downloadFile({ fileID, ...storageOf(fileID) })) as { fileContent: Buffer }).fileContent;
  } catch (error) {
    throw new AppError('NOT_FOUND', `未找到上传的文件「${name}」，请重新上传`, { cause: error });
  }
  if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('INVALID_INPUT', `文件「${name}」为空或超过 50MB`, { fields: { file: '文件大小不符合要求' } });
  const sha256 = sha256OfBytes(bytes);
  // The name carries the hash, so attaching the same upload again lands on the same file.
  const stored = (await sdk.uploadFile({ cloudPath: `${destDir}/${sha256.slice(0, 16)}-${name}`, fileContent: bytes, ...courtStorage() })) as {
    fileID: string;
  };
  return { fileID: stored.fileID, name, type, size: bytes.length, sha256 };
}

/**
 * Storage is per CloudBase environment. A court keeps its files where it keeps its database: a
 * function deployed in another of the court's environments (court-2, `MC_DATABASE_ENV` set) stores
 * what it attaches in the court's environment, so the court's dossier-url and evidence-verify read
 * every file of the court as their own.
 */
export const courtStorage = (): { config?: { env: string } } => (process.env.MC_DATABASE_ENV ? { config: { env: process.env.MC_DATABASE_ENV } } : {});

/** A file is read from the environment its fileID names (`cloud://<env>.<bucket>/<path>`): a phone's upload to court-2, or a file kept before `courtStorage`. */
export function storageOf(fileID: string): { config?: { env: string } } {
  const match = /^cloud:\/\/([^./]+)\./.exec(fileID);
  return match?.[1] ? { config: { env: match[1] } } : {};
}

/**
 * The copies a call attached for a record it did not write (its commit failed, or another attempt
 * recorded the same act): each goes, but one a record holds — the same upload attached by an
 * earlier or a racing attempt lands on the same file. Nothing is left that no record names.
 */
export async function dropUnheld(sdk: typeof cloud, copies: readonly string[], held: (fileID: string) => Promise<boolean>): Promise<void> {
  const unheld: string[] = [];
  for (const fileID of new Set(copies)) if (!(await held(fileID))) unheld.push(fileID);
  if (unheld.length > 0) await Promise.resolve(sdk.deleteFile({ fileList: unheld, ...courtStorage() })).catch(() => undefined);
}

/** Re-reads a stored file and compares it with the hash registered when it was attached. */
export async function rehash(sdk: typeof cloud, fileID: string): Promise<string | null> {
  try {
    return sha256OfBytes(((await sdk.downloadFile({ fileID, ...storageOf(fileID) })) as { fileContent: Buffer }).fileContent);
  } catch {
    return null;
  }
}

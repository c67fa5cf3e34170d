import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProtocolError } from './errors';

export interface FileMeta {
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: number;
}

/**
 * Cloud storage: files under <data>/storage (or in memory), fileIDs in CloudBase's
 * `cloud://<env>.<bucket>/<path>` form, uploads through a signed PUT as COS takes them,
 * downloads through expiring signed temp URLs that this emulator serves.
 */
export class StorageService {
  private readonly memory = new Map<string, { bytes: Buffer; meta: FileMeta }>();
  private readonly secret = createHash('sha256').update(`storage-${Date.now()}-${Math.random()}`).digest();
  readonly bucket: string;

  constructor(
    private readonly env: string,
    private readonly dir: string | null,
    private readonly baseUrl: () => string,
    private readonly appid: string,
  ) {
    this.bucket = `${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}-${appid}`;
    if (dir) mkdirSync(dir, { recursive: true });
  }

  fileId(cloudPath: string): string {
    return `cloud://${this.env}.${this.bucket}/${cloudPath}`;
  }

  pathOf(fileId: string): string {
    const prefix = `cloud://${this.env}.${this.bucket}/`;
    if (!fileId.startsWith(prefix)) throw new ProtocolError('STORAGE_FILE_NONEXIST', `not a file of this environment: ${fileId}`);
    return safePath(fileId.slice(prefix.length));
  }

  sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex');
  }

  verify(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  handle(action: string, params: Record<string, unknown>): unknown {
    switch (action) {
      case 'storage.getUploadMetadata': {
        const cloudPath = safePath(String(params.path ?? ''));
        const authorization = this.sign(`put:${cloudPath}`);
        return {
          data: {
            url: `${this.baseUrl()}/cos/${encodeURI(cloudPath)}`,
            token: authorization,
            authorization,
            fileId: this.fileId(cloudPath),
            cosFileId: `cos-${this.sign(cloudPath).slice(0, 24)}`,
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = (params.file_list as { fileid: string; max_age?: number }[] | undefined) ?? [];
        return {
          data: {
            download_list: list.map(({ fileid, max_age }) => {
              try {
                const cloudPath = this.pathOf(fileid);
                if (!this.exists(cloudPath)) return missing(fileid);
                const maxAge = Math.min(Math.max(Number(max_age ?? 7200), 1), 86_400);
                return { fileID: fileid, tempFileURL: this.tempUrl(cloudPath, maxAge), code: 'SUCCESS', maxAge };
              } catch {
                return missing(fileid);
              }
            }),
          },
        };
      }
      case 'storage.batchDeleteFile': {
        const list = (params.fileid_list as string[] | undefined) ?? [];
        return {
          data: {
            delete_list: list.map((fileID) => {
              try {
                const cloudPath = this.pathOf(fileID);
                if (!this.exists(cloudPath)) return { fileID, code: NONEXIST.code, message: NONEXIST.message };
                this.delete(cloudPath);
                return { fileID, code: 'SUCCESS' };
              } catch {
                return { fileID, code: NONEXIST.code, message: NONEXIST.message };
              }
            }),
          },
        };
      }
      case 'storage.batchCopyFile': {
        const list = (params.file_list as { src_path: string; dst_path: string; overwrite?: boolean; remove_original?: boolean }[] | undefined) ?? [];
        return {
          data: {
            copy_list: list.map((item) => {
              const src = this.relative(item.src_path);
              const dst = this.relative(item.dst_path);
              if (!this.exists(src)) return { ...item, code: 'STORAGE_FILE_NONEXIST', message: 'source does not exist' };
              if (this.exists(dst) && item.overwrite === false) return { ...item, code: 'STORAGE_FILE_EXIST', message: 'destination exists' };
              this.copy(src, dst);
              if (item.remove_original) this.delete(src);
              return { src_path: item.src_path, dst_path: item.dst_path, fileId: this.fileId(dst) };
            }),
          },
        };
      }
      default:
        throw new ProtocolError('INVALID_PARAM', `unsupported action ${action}`);
    }
  }

  /** A path given as a fileID or as a plain path inside the bucket. */
  private relative(p: string): string {
    return p.startsWith('cloud://') ? this.pathOf(p) : safePath(p.replace(/^\/+/, ''));
  }

  tempUrl(cloudPath: string, maxAgeSeconds: number): string {
    const expires = Date.now() + maxAgeSeconds * 1000;
    // Not percent-encoded: the SDK's downloadFile encodes the URL itself.
    return `${this.baseUrl()}/files/${cloudPath}?expires=${expires}&sign=${this.sign(`get:${cloudPath}:${expires}`)}`;
  }

  put(cloudPath: string, bytes: Buffer, uploadedBy: string): FileMeta {
    const meta: FileMeta = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), uploadedBy, uploadedAt: Date.now() };
    if (this.dir) {
      const file = path.join(this.dir, cloudPath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      writeFileSync(`${file}.__meta.json`, JSON.stringify(meta));
    } else this.memory.set(cloudPath, { bytes, meta });
    return meta;
  }

  read(cloudPath: string): Buffer | null {
    if (this.dir) {
      const file = path.join(this.dir, cloudPath);
      return existsSync(file) ? readFileSync(file) : null;
    }
    return this.memory.get(cloudPath)?.bytes ?? null;
  }

  exists(cloudPath: string): boolean {
    return this.dir ? existsSync(path.join(this.dir, cloudPath)) : this.memory.has(cloudPath);
  }

  private delete(cloudPath: string): void {
    if (this.dir) {
      rmSync(path.join(this.dir, cloudPath), { force: true });
      rmSync(path.join(this.dir, `${cloudPath}.__meta.json`), { force: true });
    } else this.memory.delete(cloudPath);
  }

  private copy(src: string, dst: string): void {
    if (this.dir) {
      const to = path.join(this.dir, dst);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(this.dir, src), to);
      if (existsSync(path.join(this.dir, `${src}.__meta.json`))) copyFileSync(path.join(this.dir, `${src}.__meta.json`), `${to}.__meta.json`);
    } else {
      const file = this.memory.get(src);
      if (file) this.memory.set(dst, { bytes: file.bytes, meta: { ...file.meta } });
    }
  }

  /** Every file with its bytes and metadata, for a snapshot (routes/snapshots.ts). */
  files(): { cloudPath: string; bytes: Buffer; meta: FileMeta }[] {
    if (!this.dir) return [...this.memory].map(([cloudPath, file]) => ({ cloudPath, bytes: file.bytes, meta: { ...file.meta } }));
    const dir = this.dir;
    const walk = (sub: string): string[] =>
      readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((entry) => {
        const relative = sub ? `${sub}/${entry.name}` : entry.name;
        if (entry.isDirectory()) return walk(relative);
        return relative.endsWith('.__meta.json') ? [] : [relative];
      });
    return walk('').map((cloudPath) => {
      const metaFile = path.join(dir, `${cloudPath}.__meta.json`);
      const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as FileMeta) : { size: 0, sha256: '', uploadedBy: '', uploadedAt: 0 };
      return { cloudPath, bytes: readFileSync(path.join(dir, cloudPath)), meta };
    });
  }

  /** The storage as a snapshot held it: every other file gone. */
  restoreFiles(files: readonly { cloudPath: string; bytes: Buffer; meta: FileMeta }[]): void {
    this.wipe();
    for (const file of files) {
      if (this.dir) {
        const target = path.join(this.dir, file.cloudPath);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.bytes);
        writeFileSync(`${target}.__meta.json`, JSON.stringify(file.meta));
      } else this.memory.set(file.cloudPath, { bytes: file.bytes, meta: { ...file.meta } });
    }
  }

  wipe(): void {
    this.memory.clear();
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
    }
  }
}

/**
 * A file that is not there, as CloudBase's storage answers it: the code and message of
 * @cloudbase/node-sdk's `ERROR.STORAGE_FILE_NONEXIST` (lib/const/code.js). downloadFile (which
 * asks for a temp URL first) fails with this message: `downloadFile:fail storage file not exist`.
 */
const NONEXIST = { code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' } as const;
const missing = (fileID: string) => ({ fileID, tempFileURL: '', code: NONEXIST.code, message: NONEXIST.message });

/** A bucket path: no leading slash, no `..`, no empty segment. */
export function safePath(p: string): string {
  const clean = p.replace(/^\/+/, '');
  if (clean === '' || clean.split('/').some((seg) => seg === '' || seg === '.' || seg === '..') || clean.endsWith('.__meta.json')) {
    throw new ProtocolError('INVALID_PARAM', `invalid cloud path: ${p}`);
  }
  return clean;
}

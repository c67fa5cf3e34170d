import type { PhoneActionName } from '../../cloudfunctions/_core/contract';
import { call } from './call';
import { envOf } from './env';
import { run } from './page';

type Instance = WechatMiniprogram.Component.TrivialInstance;

/** The file types a court takes as papers. */
export const PAPER_TYPES = ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx'];

/** A file picked from a chat (wx.chooseMessageFile), or undefined when the person cancels. */
export async function pickFile(extension?: string[]): Promise<{ name: string; path: string } | undefined> {
  try {
    const picked = await wx.chooseMessageFile({ count: 1, type: 'file', ...(extension ? { extension } : {}) });
    const chosen = picked.tempFiles[0];
    return chosen ? { name: chosen.name, path: chosen.path } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Uploads a file into the caller's own area (session-info's uploadDir) in the storage of the
 * environment of `action`, the function that attaches and hashes it; answers its fileID, or
 * undefined with the reason on the page.
 */
export function uploadOwn(page: Instance, action: PhoneActionName, file: { name: string; path: string }): Promise<string | undefined> {
  return run(
    page,
    async () => {
      const session = await call('session-info', {});
      const uploaded = await wx.cloud.uploadFile({
        cloudPath: `${session.uploadDir}/${Date.now()}-${file.name}`,
        filePath: file.path,
        config: { env: envOf(action) },
      });
      return uploaded.fileID;
    },
    { loading: '正在上传' },
  );
}

/** A file picked from a chat and uploaded for `action`: its name and fileID, or undefined. */
export async function pickAndUpload(page: Instance, action: PhoneActionName, extension?: string[]): Promise<{ name: string; fileID: string } | undefined> {
  const file = await pickFile(extension);
  if (!file) return undefined;
  const fileID = await uploadOwn(page, action, file);
  return fileID ? { name: file.name, fileID } : undefined;
}

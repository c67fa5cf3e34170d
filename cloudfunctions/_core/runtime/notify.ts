import type cloud from 'wx-server-sdk';
import { logError } from './log';

/** Template ids are per mini-program, set by court IT in the function's environment. */
export type TemplateKey = 'MC_TPL_FILING_RESULT' | 'MC_TPL_CASE_PROGRESS' | 'MC_TPL_SERVICE';

/**
 * Sends a subscribe message after the change it reports has committed. A failed notice
 * never undoes the change: it is logged, and the person still sees it in the mini-program.
 */
export async function notify(sdk: typeof cloud, template: TemplateKey, touser: string, page: string, data: Record<string, string>): Promise<boolean> {
  const templateId = process.env[template];
  if (!templateId || !touser) return false;
  try {
    await sdk.openapi.subscribeMessage.send({
      touser,
      templateId,
      page,
      // Subscribe message values are limited to 20 characters.
      data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value: value.slice(0, 20) }])),
    });
    return true;
  } catch (error) {
    logError({ action: `notify:${template}`, error: error instanceof Error ? error.message : JSON.stringify(error) });
    return false;
  }
}

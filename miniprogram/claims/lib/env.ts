// 由 scripts/build-mp.ts 从 miniprogram/lib/env.ts 生成，请勿手改。
/** The cloud environment the mini-program calls; court IT sets it per deployment. */
export const CLOUD_ENV = 'microcourt-prod';

let initialised = false;

/** Initialises wx.cloud once, from the app or from an independent subpackage opened alone. */
export function initCloud(): void {
  if (initialised) return;
  wx.cloud.init({ env: CLOUD_ENV, traceUser: false });
  initialised = true;
}

import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { emulatorUrl } from './emulator';
import { auditAnswer } from './pii-audit';
import { Environments, type EnvironmentKey } from '#contract';
import { CLOUD_ENVS } from '../../miniprogram/lib/cloud-envs';

/**
 * Runs mini-program pages (written with Component()) in miniprogram-simulate, with the real
 * TDesign components built by `npm run build:mp`, and wx.cloud.callFunction routed to the
 * emulator's /call gateway, so a page test runs the real functions.
 */
/** The part of miniprogram-simulate used here (its own typings pull in the mini-program globals, which clash with Node's). */
interface RenderedComponent {
  dom: { textContent: string | null } | undefined;
  attach(parent: unknown): void;
  querySelector(selector: string): RenderedComponent | null;
  querySelectorAll(selector: string): RenderedComponent[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  setData(data: Record<string, unknown>): void;
  data: Record<string, unknown>;
  instance: Record<string, (...args: unknown[]) => unknown> & { data: Record<string, unknown> };
}
interface Simulate {
  load(componentPath: string, options: { rootPath: string; usingComponents: Record<string, string>; compilerOptions?: { maxBuffer?: number } }): string;
  render(id: string): RenderedComponent;
  sleep(ms: number): Promise<void>;
}
/**
 * simulate keeps one registry of components and runs each component's code once per module
 * registry: a second page in the same registry loses its TDesign components. Each page is
 * loaded in a module registry (and simulate) of its own.
 */
function loadIsolated(page: string): { simulate: Simulate; id: string } {
  let loadedPage: { simulate: Simulate; id: string } | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see Simulate above
    const simulate = require('miniprogram-simulate') as Simulate;
    // wcc compiles every page of the mini-program at once: its output outgrows the default 1 MB buffer.
    loadedPage = {
      simulate,
      id: simulate.load(path.join(MP, page), { rootPath: MP, usingComponents: { ...usingComponents }, compilerOptions: { maxBuffer: WCC_BUFFER } }),
    };
  });
  if (!loadedPage) throw new Error(`page ${page} did not load`);
  return loadedPage;
}
/** Room for wcc's output (all the pages' compiled WXML). */
const WCC_BUFFER = 64 * 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const document = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;

const MP = path.resolve(__dirname, '..', '..', 'miniprogram');
const app = JSON.parse(readFileSync(path.join(MP, 'app.json'), 'utf8')) as { usingComponents: Record<string, string> };
/** The base library the project declares (project.config.json), which the phone runs. */
const LIB_VERSION = (JSON.parse(readFileSync(path.join(MP, '..', 'project.config.json'), 'utf8')) as { libVersion: string }).libVersion;
const atLeast = (version: string, minimum: string) => {
  const [a, b] = [version, minimum].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a?.[i] ?? 0) !== (b?.[i] ?? 0)) return (a?.[i] ?? 0) > (b?.[i] ?? 0);
  return true;
};
// simulate does not read app.json: give it the global components, resolved into miniprogram_npm.
const usingComponents = Object.fromEntries(Object.entries(app.usingComponents).map(([tag, target]) => [tag, `/miniprogram_npm/${target}`]));

interface HttpReply {
  status: number;
  body: Buffer;
}

function http(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The emulator's id of the environment the phone names (court IT's ids are the phone's settings). */
function localEnvOf(phoneEnv: string | undefined): string {
  const key = (Object.keys(CLOUD_ENVS) as EnvironmentKey[]).find((k) => CLOUD_ENVS[k] === phoneEnv);
  if (!key) throw new Error(`the mini-program called an environment it does not know: ${String(phoneEnv)}`);
  return Environments[key].localId;
}

export interface Phone {
  openid: string;
  /** How the phone's face check ends (verify_ret; 10000 识别成功 when not set). */
  faceResult?: number;
  /** What wx.scanCode reads next. */
  scan?: { result: string; path?: string };
  /** What wx.chooseMessageFile picks next. */
  pick?: { name: string; content: string };
  /** What wx.chooseMedia takes from the camera next. */
  media?: { content: string; fileType: 'image' | 'video' };
  /** Where wx.getLocation finds the phone (refused when not set). */
  location?: { latitude: number; longitude: number };
  /** No network: calls and uploads fail as WeChat fails them. */
  offline?: boolean;
  /** Scopes (scope.camera, scope.record) the person refuses when asked. */
  denied?: string[];
  /** What wx.requestSubscribeMessage answers for each template id ('accept' when not named); the ids asked, in order. */
  subscribeAnswers?: Record<string, 'accept' | 'reject' | 'ban' | 'filter'>;
  subscribeAsked: string[][];
  /** The live-pusher contexts pages created, with how often each was started. */
  pushers: { started: number }[];
  /** The current page's options (the query string it was opened with). */
  options: Record<string, string>;
  navigations: string[];
  opened: string[];
  toasts: string[];
}

let pending = 0;
const track = async <T>(work: Promise<T>): Promise<T> => {
  pending += 1;
  try {
    return await work;
  } finally {
    pending -= 1;
  }
};

const files = new Map<string, Buffer>();

/** Installs the wx API a page uses, for a phone signed in as `openid`. */
export function installPhone(openid: string): Phone {
  const phone: Phone = { openid, options: {}, navigations: [], opened: [], toasts: [], pushers: [], subscribeAsked: [] };
  const storage = new Map<string, unknown>();
  const g = globalThis as Record<string, unknown>;
  g.getApp = () => ({ globalData: { largeText: false } });
  g.getCurrentPages = () => [{ options: phone.options }];
  // The device surface TDesign reads while rendering: a 375-pt phone.
  const system = {
    windowWidth: 375,
    windowHeight: 812,
    screenWidth: 375,
    screenHeight: 812,
    pixelRatio: 2,
    statusBarHeight: 44,
    platform: 'devtools',
    SDKVersion: LIB_VERSION,
    version: '8.0.50',
    theme: 'light',
  };
  const selectorQuery = () => {
    const query = {
      in: () => query,
      select: () => query,
      selectAll: () => query,
      selectViewport: () => query,
      boundingClientRect: () => query,
      scrollOffset: () => query,
      fields: () => query,
      // A <canvas type="2d"> asked for its node gets one that draws nothing (the signature pad).
      exec: (cb?: (res: unknown[]) => void) => cb?.([{ width: 300, height: 160, top: 0, left: 0, right: 0, bottom: 0, node: canvasNode() }]),
    };
    return query;
  };
  const canvasNode = () => ({ width: 0, height: 0, getContext: () => new Proxy({}, { get: () => () => undefined, set: () => true }) });
  g.wx = {
    getSystemInfoSync: () => system,
    getWindowInfo: () => system,
    getDeviceInfo: () => system,
    getAppBaseInfo: () => system,
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    createSelectorQuery: selectorQuery,
    createAnimation: () =>
      new Proxy(
        {},
        {
          get: (_t, key) =>
            key === 'export'
              ? () => ({ actions: [] })
              : function chain(this: unknown) {
                  return this;
                },
        },
      ),
    cloud: {
      init: () => undefined,
      callFunction: ({ name, data, config }: { name: string; data: unknown; config?: { env?: string } }) =>
        phone.offline
          ? Promise.reject(new Error('cloud.callFunction:fail network error'))
          : track(
              http(
                'POST',
                `${emulatorUrl()}/call/${name}`,
                { 'content-type': 'application/json', 'x-wx-openid': phone.openid, 'x-wx-env': localEnvOf(config?.env) },
                JSON.stringify(data),
              ).then((res) => {
                auditAnswer(name, res.body.toString('utf8'));
                const body = JSON.parse(res.body.toString('utf8')) as { result?: unknown; errMsg: string };
                if (res.status !== 200) throw new Error(body.errMsg);
                return { result: body.result, errMsg: body.errMsg };
              }),
            ),
      uploadFile: ({
        cloudPath,
        filePath,
        config,
        success,
        fail,
      }: {
        cloudPath: string;
        filePath: string;
        /** The environment whose storage takes the file (the phone's default when not named). */
        config?: { env?: string };
        success?: (r: { fileID: string }) => void;
        fail?: (e: unknown) => void;
      }) => {
        const headers: Record<string, string> = { 'x-wx-openid': phone.openid, ...(config?.env ? { 'x-wx-env': localEnvOf(config.env) } : {}) };
        const sent = phone.offline
          ? Promise.reject(new Error('cloud.uploadFile:fail network error'))
          : http('PUT', `${emulatorUrl()}/upload/${encodeURI(cloudPath)}`, headers, files.get(filePath) ?? Buffer.alloc(0));
        // Callback style (success/fail), or the promise WeChat answers when neither is given.
        const done = track(
          sent
            .then((res) => {
              const reply = JSON.parse(res.body.toString('utf8')) as { fileID: string; errMsg?: string };
              // Refused by storage's rules (or the folder): WeChat fails the upload, as the page's fail or a rejection.
              if (res.status !== 200) throw new Error(reply.errMsg ?? `cloud.uploadFile:fail HTTP ${res.status}`);
              return reply;
            })
            .then(
              (reply) => {
                success?.(reply);
                return reply;
              },
              (error: unknown) => {
                if (fail) fail(error);
                else throw error;
                return { fileID: '' };
              },
            ),
        );
        return Object.assign(done, { onProgressUpdate: (cb: (p: { progress: number }) => void) => cb({ progress: 100 }) });
      },
    },
    // The video room (trtc-wx-sdk): the pusher and players a real phone runs natively; the pusher's room:// url is on the page.
    getSystemInfo: ({ success }: { success?: (info: typeof system) => void }) => success?.(system),
    createLivePusherContext: () => {
      const context = { started: 0, start: () => (context.started += 1), stop: () => undefined, pause: () => undefined, resume: () => undefined };
      phone.pushers.push(context);
      return context;
    },
    createLivePlayerContext: () => ({ play: () => undefined, stop: () => undefined, mute: () => undefined }),
    // trtc-wx-sdk's quality reports to Tencent: nothing leaves the test.
    request: () => undefined,
    authorize: async ({ scope }: { scope: string }) => {
      if (phone.denied?.includes(scope)) throw new Error('authorize:fail auth deny');
      return { errMsg: 'authorize:ok' };
    },
    canvasToTempFilePath: ({ success }: { success?: (r: { tempFilePath: string }) => void }) => {
      const tempFilePath = `wxfile://tmp/${Date.now()}-signature.png`;
      files.set(tempFilePath, Buffer.from(`\x89PNG handwritten signature of ${phone.openid}`));
      success?.({ tempFilePath });
    },
    navigateBack: () => phone.navigations.push('back'),
    showLoading: () => undefined,
    hideLoading: () => undefined,
    showToast: ({ title }: { title: string }) => phone.toasts.push(title),
    navigateTo: ({ url }: { url: string }) => phone.navigations.push(url),
    redirectTo: ({ url }: { url: string }) => phone.navigations.push(url),
    stopPullDownRefresh: () => undefined,
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => storage.set(key, value),
    getStorage: ({ key, success, fail }: { key: string; success?: (r: { data: unknown }) => void; fail?: (e: { errMsg: string }) => void }) =>
      storage.has(key) ? success?.({ data: storage.get(key) }) : fail?.({ errMsg: 'getStorage:fail data not found' }),
    // wx.requestFacialVerify runs the session on this phone's account; callback style only.
    requestFacialVerify: ({ verifyId, success, fail }: { verifyId: string; success?: () => void; fail?: (error: { errMsg: string }) => void }) => {
      // "基础库 3.8.12 开始支持": on an older base library the API is not there.
      if (!atLeast(LIB_VERSION, '3.8.12')) throw new TypeError('wx.requestFacialVerify is not a function');
      void track(
        http(
          'POST',
          `${emulatorUrl()}/__/face`,
          { 'content-type': 'application/json' },
          JSON.stringify({ verifyId, openid: phone.openid, verifyRet: phone.faceResult }),
        ).then((res) => {
          const outcome = JSON.parse(res.body.toString('utf8')) as { ok: boolean; errMsg: string };
          if (outcome.ok) success?.();
          else fail?.({ errMsg: outcome.errMsg });
        }),
      );
    },
    // One-time subscriptions: at most 3 template ids a call (WeChat refuses more), each answered as the person chose.
    requestSubscribeMessage: ({
      tmplIds,
      success,
      fail,
    }: {
      tmplIds: string[];
      success?: (r: Record<string, string>) => void;
      fail?: (e: { errMsg: string; errCode: number }) => void;
    }) => {
      if (tmplIds.length === 0 || tmplIds.length > 3) {
        fail?.({ errMsg: 'requestSubscribeMessage:fail TmplIds can not be empty or over 3', errCode: 10001 });
        return;
      }
      phone.subscribeAsked.push([...tmplIds]);
      const answers = Object.fromEntries(tmplIds.map((id) => [id, phone.subscribeAnswers?.[id] ?? 'accept']));
      setTimeout(() => success?.({ errMsg: 'requestSubscribeMessage:ok', ...answers }), 0);
    },
    requestPayment: ({ package: pkg }: { package: string }) =>
      track(http('POST', `${emulatorUrl()}/__/pay/${encodeURIComponent(pkg)}`).then(() => ({ errMsg: 'requestPayment:ok' }))),
    scanCode: async () => {
      if (!phone.scan) throw new Error('scanCode:fail cancel');
      return { result: phone.scan.result, path: phone.scan.path ?? '' };
    },
    chooseMessageFile: async () => {
      if (!phone.pick) throw new Error('chooseMessageFile:fail cancel');
      const tempPath = `wxfile://tmp/${Date.now()}-${phone.pick.name}`;
      files.set(tempPath, Buffer.from(phone.pick.content));
      return { tempFiles: [{ path: tempPath, name: phone.pick.name, size: phone.pick.content.length }] };
    },
    chooseMedia: async () => {
      if (!phone.media) throw new Error('chooseMedia:fail cancel');
      const tempFilePath = `wxfile://tmp/${Date.now()}-media`;
      files.set(tempFilePath, Buffer.from(phone.media.content));
      return { tempFiles: [{ tempFilePath, size: phone.media.content.length, fileType: phone.media.fileType }], type: phone.media.fileType };
    },
    getLocation: async () => {
      if (!phone.location) throw new Error('getLocation:fail auth deny');
      return { ...phone.location, accuracy: 10 };
    },
    downloadFile: ({ url, success, fail }: { url: string; success: (r: { statusCode: number; tempFilePath: string }) => void; fail: (e: unknown) => void }) => {
      void track(
        http('GET', encodeURI(url)).then((res) => {
          const tempFilePath = `wxfile://tmp/download-${files.size}`;
          files.set(tempFilePath, res.body);
          success({ statusCode: res.status, tempFilePath });
        }, fail),
      );
    },
    getFileSystemManager: () => ({ readFileSync: (p: string) => (files.get(p) ?? Buffer.alloc(0)).toString('utf8') }),
    previewImage: async ({ current }: { current: string }) => phone.opened.push(current),
    previewMedia: async ({ sources }: { sources: { url: string }[] }) => phone.opened.push(...sources.map((s) => s.url)),
    openDocument: async ({ filePath }: { filePath: string }) => phone.opened.push(filePath),
    setClipboardData: ({ data }: { data: string }) => phone.opened.push(`clipboard:${data}`),
    openLocation: ({ latitude, longitude }: { latitude: number; longitude: number }) => phone.opened.push(`map:${latitude},${longitude}`),
    makePhoneCall: ({ phoneNumber }: { phoneNumber: string }) => phone.opened.push(`tel:${phoneNumber}`),
  };
  return phone;
}

const loaded = new Map<string, { simulate: Simulate; id: string }>();

/** Renders a page (its code loaded once per test file, in a simulate of its own). */
export function renderPage(page: string): RenderedComponent {
  let entry = loaded.get(page);
  if (!entry) {
    entry = loadIsolated(page);
    loaded.set(page, entry);
  }
  const component = entry.simulate.render(entry.id);
  component.attach(document.createElement('parent-wrapper'));
  return component;
}

/** Waits until every call the page started has come back and the page has re-rendered. */
export async function settle(): Promise<void> {
  // Five quiet checks in a row: a tap reaches the page a tick later, and one call may lead to the next.
  for (let quiet = 0; quiet < 5;) {
    await sleep(20);
    quiet = pending === 0 ? quiet + 1 : 0;
  }
}

export function text(component: RenderedComponent): string {
  return component.dom?.textContent?.replace(/\s+/g, ' ') ?? '';
}

/** A TDesign (or our own) component raises its events itself: the way to act on it as a person's touch would. */
function raise(node: RenderedComponent, event: string, detail: unknown): boolean {
  const instance = node.instance as unknown as { triggerEvent?: (name: string, detail?: unknown) => void } | undefined;
  if (!instance?.triggerEvent) return false;
  instance.triggerEvent(event, detail);
  return true;
}

/**
 * Taps what a person taps: a TDesign button raises `tap`, a cell or grid item `click` (each
 * component binds only the one it raises); a plain view gets the tap itself.
 */
export function tap(page: RenderedComponent, selector: string): void {
  const host = page.querySelector(selector);
  if (!host) throw new Error(`nothing to tap at ${selector}`);
  tapNode(host);
}

export function tapNode(node: RenderedComponent): void {
  if (raise(node, 'tap', {})) raise(node, 'click', {});
  else node.dispatchEvent('tap');
}

/** Types into an input, following a path of selectors through nested components. */
export function typeInto(page: RenderedComponent, selectors: string[], detail: unknown): void {
  let node: RenderedComponent | null = page;
  for (const selector of selectors) node = node?.querySelector(selector) ?? null;
  if (!node) throw new Error(`no input at ${selectors.join(' ')}`);
  if (!raise(node, 'change', detail)) node.dispatchEvent('change', { detail });
}

/** Waits (up to five seconds) until the page shows what the test expects; then it is settled. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
  await settle();
}

/** Waits until the page shows `words`, and fails the test if it never does. */
export async function shows(component: RenderedComponent, words: string): Promise<void> {
  await until(() => text(component).includes(words));
  expect(text(component)).toContain(words);
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, type Routes } from './http';
import { adminRoutes } from './routes/admin';
import { clientRoutes } from './routes/client';
import { filesRoutes } from './routes/files';
import { gatewayRoutes } from './routes/gateway';
import { operationsRoutes } from './routes/operations';
import { snapshotRoutes } from './routes/snapshots';
import { wechatRoutes } from './routes/wechat';
import { trtcRoutes } from './trtc';
import { createState, type EmulatorOptions } from './state';
import type { Store } from './store';

export type { EmulatorOptions } from './state';

export interface Emulator {
  url: string;
  port: number;
  /** The default environment's store. */
  store: Store;
  /** Every environment's store, by environment id. */
  stores: Map<string, Store>;
  close(): Promise<void>;
}

/**
 * The local CloudBase: `/admin` speaks the protocol wx-server-sdk speaks to CloudBase;
 * `/call/<fn>` is what wx.cloud.callFunction does from the phone; `/__/*` are the
 * operations tests and people use. Each area's routes are a module of routes/.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const state = createState(options);
  const areas: Routes[] = [
    adminRoutes(state),
    clientRoutes(state),
    gatewayRoutes(state),
    snapshotRoutes(state),
    trtcRoutes(state.trtc),
    operationsRoutes(state),
    filesRoutes(state),
    wechatRoutes(state),
  ];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const dispatch = async () => {
      for (const routes of areas) if (await routes(req, res, url)) return;
      json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    };
    dispatch().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: state.baseUrl,
    port,
    store: state.defaultEnv.store,
    stores: new Map([...state.environments].map(([id, env]) => [id, env.store])),
    async close() {
      await state.runner.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      for (const env of state.environments.values()) env.store.db.close();
    },
  };
}

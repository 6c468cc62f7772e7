import { createKey, createTestApp, registerOwner, type Owner, type TestApp, type TestAppOptions } from './test-app.js';

export interface LiveWarden extends TestApp {
  /** `http://127.0.0.1:<port>`: a real socket, for the SDK, the CLI and the packed tarball. */
  url: string;
  port: number;
  owner: Owner;
  /** A `*:*` API key of the owner's workspace. */
  adminKey: string;
}

/** A fresh Warden listening on a loopback port, with one owner and an admin key. */
export async function startLiveWarden(options: TestAppOptions = {}): Promise<LiveWarden> {
  const t = await createTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const owner = await registerOwner(t.app);
  const admin = await createKey(t.app, { bearer: owner.session }, { name: 'admin', scopes: ['*:*'] });
  return { ...t, url: `http://127.0.0.1:${address.port}`, port: address.port, owner, adminKey: admin.key };
}

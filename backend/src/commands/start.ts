import type { Server } from 'node:http';
import { createApp } from '../api/app';
import type { Runtime } from '../runtime';

/** `pillar start`: migrate (done by openRuntime), then serve HTTP until SIGINT/SIGTERM. */
export async function startServer(runtime: Runtime): Promise<Server> {
  const app = createApp(runtime);
  const { PORT, HOST } = runtime.config;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(PORT, HOST, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : PORT;
  runtime.logger.info({ url: `http://${HOST}:${port}` }, `Pillar is listening on http://${HOST}:${port} (health: /healthz, readiness: /readyz)`);
  return server;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

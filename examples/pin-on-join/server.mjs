// The recipe as a Node server: `node server.mjs` with the settings in the environment (see README.md); PORT
// (default 8787) is where it listens.
import { createServer } from 'node:http';
import { pinOnJoin, settingsFrom } from './pin-on-join.js';

const handler = pinOnJoin(settingsFrom(process.env));
const server = createServer(handler.node);
server.listen(Number(process.env.PORT ?? 8787), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`pin-on-join listening on http://${process.env.HOST ?? '127.0.0.1'}:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close());

// The recipe as a Cloudflare Worker: set the vars and secrets in wrangler.toml / `wrangler secret put`, then
// `npx wrangler deploy`, and give the Worker's URL as the callback URL in the console.
import { pinOnJoin, settingsFrom } from './pin-on-join.js';

let handler;
export default {
  fetch(request, env) {
    handler ??= pinOnJoin(settingsFrom(env));
    return handler(request);
  },
};

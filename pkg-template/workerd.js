// Cloudflare Workers (workerd) entry: a Worker can neither compile wasm from bytes nor fetch a file URL, so the
// .wasm is imported as a module (wrangler and its esbuild make it a CompiledWasm module) and instantiated
// synchronously. Nothing here draws a random value or reads the clock: Workers allow neither at import time, and
// the client draws its first random value on its first call.
import { initSync } from './tencent_chat_admin.js';
import { frozen } from './client.js';
import limitsDocument from './limits.js';
import wasm from './tencent_chat_admin_bg.wasm';

initSync({ module: wasm });

export { pinConversations, checkPinRequest, genUserSig, verifyUserSig, decodeUserSig, verifyCallbackSign } from './tencent_chat_admin.js';
export { ChatAdmin, c2c, group } from './client.js';

/** The package's limits and option names, frozen (see the README). */
export const limits = frozen(limitsDocument);
export { ChatError, isChatError } from './__RUNTIME__';

// Cloudflare Workers (workerd) entry of `tencent-chat-admin/usersig`, the sign-only build: its own small wasm,
// imported as a module (a Worker compiles no wasm from bytes) and instantiated synchronously; nothing random or
// time-dependent at import.
import { initSync } from './usersig.js';
import wasm from './usersig_bg.wasm';

initSync({ module: wasm });

export { genUserSig, verifyUserSig, decodeUserSig } from './usersig.js';
export { ChatError, isChatError } from './__RUNTIME__';

// Node entry of `tencent-chat-admin/usersig`, the sign-only build: its own small wasm, loaded from disk
// synchronously, so the functions are ready as soon as the module is imported (ESM `import` or `require`).
import { readFileSync } from 'node:fs';
import { initSync } from './usersig.js';

initSync({ module: readFileSync(new URL('./usersig_bg.wasm', import.meta.url)) });

export { genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig } from './usersig.js';
export { ChatError, isChatError } from './__RUNTIME__';

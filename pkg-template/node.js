// Node entry: loads the .wasm from disk synchronously, so the package is ready as soon as it is imported
// (ESM `import` or, on Node 20.19+, `require`).
import { readFileSync } from 'node:fs';
import { initSync } from './tencent_chat_admin.js';

initSync({ module: readFileSync(new URL('./tencent_chat_admin_bg.wasm', import.meta.url)) });

export { pinConversations, genUserSig, verifyUserSig, decodeUserSig, verifyCallbackSign } from './tencent_chat_admin.js';
export { ChatAdmin } from './client.js';
export { ChatError, isChatError } from '__RUNTIME__';

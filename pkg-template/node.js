// Node entry: loads the .wasm from disk synchronously, so the package is ready as soon as it is imported
// (ESM `import` or, on Node 20.19+, `require`). It loads the modules as written (pages load index.js, all of
// them in one minified file), so that an uncaught error shows a readable source line.
import { readFileSync } from 'node:fs';
import { initSync } from './tencent_chat_admin.js';
import { frozen } from './client.js';
import limitsDocument from './limits.js';

initSync({ module: readFileSync(new URL('./tencent_chat_admin_bg.wasm', import.meta.url)) });

export { pinConversations, checkPinRequest, genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig, verifyCallbackSign } from './tencent_chat_admin.js';
export { ChatAdmin, c2c, group } from './client.js';

/** The package's limits and option names, frozen (see the README). */
export const limits = frozen(limitsDocument);
export { ChatError, isChatError } from './__RUNTIME__';

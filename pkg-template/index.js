// Browser (and bundler) entry: fetches and instantiates the .wasm beside this file before the module
// finishes loading, so the API is ready when `import` resolves. The build bundles it with what it imports into
// this one minified file: a page makes one request for the JS, then one for the .wasm.
import init from './tencent_chat_admin.js';
import { frozen } from './client.js';
import limitsDocument from './limits.js';

await init({ module_or_path: new URL('./tencent_chat_admin_bg.wasm', import.meta.url) });

export { pinConversations, checkPinRequest, genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig, verifyCallbackSign } from './tencent_chat_admin.js';
export { ChatAdmin, c2c, group } from './client.js';

/** The package's limits and option names, frozen (see the README). */
export const limits = frozen(limitsDocument);
export { ChatError, isChatError } from '__RUNTIME__';

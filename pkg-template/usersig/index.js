// Browser (and bundler) entry of `tencent-chat-admin/usersig`, the sign-only build: fetches its own small wasm
// beside this file (never the client's) before the module finishes loading. Bundled by the build, as the main
// entry is, into one minified file.
import init from './usersig.js';

await init({ module_or_path: new URL('./usersig_bg.wasm', import.meta.url) });

export { genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig } from './usersig.js';
export { ChatError, isChatError } from '__RUNTIME__';

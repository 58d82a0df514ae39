// `tencent-chat-admin/callbacks` for Node (and Deno and Bun, which load the Node entry): the handler over that entry's
// verifyCallbackSign (the wasm's Sign check) and ChatError.
import { ChatError, verifyCallbackSign } from '../node.js';
import { callbackApi } from './handler.js';

export const { createCallbackHandler, toNodeListener, refuse, CALLBACK_COMMANDS } = callbackApi(verifyCallbackSign, ChatError);

// `tencent-chat-admin/callbacks` for Cloudflare Workers (workerd): the handler over that entry's
// verifyCallbackSign (the wasm's Sign check) and ChatError.
import { ChatError, verifyCallbackSign } from '../workerd.js';
import { callbackApi } from './handler.js';

export const { createCallbackHandler, toNodeListener, refuse, CALLBACK_COMMANDS } = callbackApi(verifyCallbackSign, ChatError);

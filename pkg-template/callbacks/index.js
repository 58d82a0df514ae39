// `tencent-chat-admin/callbacks` for every other runtime (the main entry's default: the .wasm fetched beside it): the handler over that entry's
// verifyCallbackSign (the wasm's Sign check) and ChatError.
import { ChatError, verifyCallbackSign } from '../index.js';
import { callbackApi } from './handler.js';

export const { createCallbackHandler, toNodeListener, refuse, CALLBACK_COMMANDS } = callbackApi(verifyCallbackSign, ChatError);

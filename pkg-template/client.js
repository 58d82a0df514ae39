// ChatAdmin as the wasm glue defines it, except that a call on a freed client (after free(), or at the
// end of a `using` block) rejects with a ChatError instead of throwing wasm-bindgen's plain
// "null pointer passed to rust" Error, and that freeing twice (free() inside a `using` block) is harmless.
import { ChatAdmin as Bound } from './tencent_chat_admin.js';
import { makeChatError } from '__RUNTIME__';

const freed = () =>
  Promise.reject(
    makeChatError('this ChatAdmin was freed (free() or a using block): make a new one', {
      kind: 'invalid-request', code: 0, status: 0, retryable: false, attempts: 0,
    }),
  );

export class ChatAdmin extends Bound {
  pinConversations(request, options) {
    return this.__wbg_ptr ? super.pinConversations(request, options) : freed();
  }

  unpinConversations(request, options) {
    return this.__wbg_ptr ? super.unpinConversations(request, options) : freed();
  }

  pinConversationsBulk(requests, options) {
    return this.__wbg_ptr ? super.pinConversationsBulk(requests, options) : freed();
  }

  free() {
    if (this.__wbg_ptr) super.free();
  }
}

if (Symbol.dispose) ChatAdmin.prototype[Symbol.dispose] = ChatAdmin.prototype.free;

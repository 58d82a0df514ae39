// The one piece of the binding that must be JS: the ChatError class (a real Error subclass, with a stack)
// and its guard. Rust builds every error through makeChatError (src/wasm/error.rs).

/** Every error this package throws or rejects with. */
export class ChatError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'ChatError';
    Object.assign(this, details);
  }
}

/** True for a ChatError from any copy of this package or any realm (checks `name` and `kind`). */
export function isChatError(value) {
  return typeof value === 'object' && value !== null && value.name === 'ChatError' && typeof value.kind === 'string';
}

/** A ChatError with `details` (built by serde-wasm-bindgen from the Rust error) and, when given, its cause. */
export function makeChatError(message, details, cause) {
  if (cause !== undefined) details.cause = cause;
  return new ChatError(message, details);
}

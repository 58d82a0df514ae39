// The one piece of the binding that must be JS: the ChatError class (a real Error subclass, with a stack)
// and its guard. Rust builds every error through makeChatError (src/wasm/error.rs). Both builds load it, so it
// also holds makeClaims, which src/wasm/usersig.rs calls once per result rather than setting each property.

/** Every error this package throws or rejects with. */
export class ChatError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'ChatError';
    Object.assign(this, details);
  }
}
// A page loads this bundled and minified, where the class would be renamed: the name a console shows stays.
Object.defineProperty(ChatError, 'name', { value: 'ChatError' });

/** True for a ChatError from any copy of this package or any realm (checks `name` and `kind`). */
export function isChatError(value) {
  return typeof value === 'object' && value !== null && value.name === 'ChatError' && typeof value.kind === 'string';
}

/** A ChatError with `details` (JSON parsed from the Rust error) and, when given, its cause. */
export function makeChatError(message, details, cause) {
  if (cause !== undefined) details.cause = cause;
  return new ChatError(message, details);
}

/** A UserSig's claims as verifyUserSig and decodeUserSig return them; `userbuf` and `privateMapKey` only when there are. */
export function makeClaims(identifier, sdkAppId, time, expire, userbuf, privateMapKey) {
  const claims = { identifier, sdkAppId, time, expire };
  if (userbuf !== undefined) claims.userbuf = userbuf;
  if (privateMapKey !== undefined) claims.privateMapKey = privateMapKey;
  return claims;
}

/** What a PrivateMapKey's userbuf grants, as the claims show it. */
export function makePrivateMapKey(roomId, privileges, privilegeNames, expiresAt, sdkAppId, identifier) {
  return { roomId, privileges, privilegeNames, expiresAt, sdkAppId, identifier };
}

// Helpers for the UserSig exports (src/wasm/usersig.rs).

/** A UserSig's claims; `userbuf` only when it carries one. */
export function makeClaims(identifier, sdkAppId, time, expire, userbuf) {
  const claims = { identifier, sdkAppId, time, expire };
  if (userbuf !== undefined) claims.userbuf = userbuf;
  return claims;
}

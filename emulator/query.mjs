// The common URL query checks of every REST call, in this order (the first failure answers):
//   1. sdkappid: missing or empty → 60012; not this app's → 60006
//   2. contenttype not exactly "json" → 60002; random not an integer in 0..=4294967295 → 60002
//   3. identifier or usersig missing or empty → 60004 ("account or signature error in the URL"); 70003 is kept for
//      a usersig that is present but does not decode
//   4. the usersig, see usersig.mjs (70003, 70014, 70013, 70009, 70001)
//   5. identifier not an app administrator → the endpoint's documented code (50003 for recentcontact/top, 70403 for
//      the account imports), which the endpoint table in api.mjs passes in.
// Parameter names and values are case-sensitive, as documented. `random` is not checked for reuse (the docs only
// ask for a new one per request).
import { fail } from './replies.mjs';
import { verifyUserSig } from './usersig.mjs';

const MAX_U32 = 4294967295;
const isU32 = (text) => /^\d{1,10}$/.test(text) && Number(text) <= MAX_U32;

/** The error reply for the query `params`, or null when the caller may go on. */
export function queryProblem(emulator, params, adminCode) {
  const sdkappid = params.get('sdkappid');
  if (!sdkappid) return fail(60012, 'sdkappid is missing from the query');
  if (sdkappid !== String(emulator.sdkAppId)) return fail(60006, `sdkappid ${sdkappid} is not this app's`);
  if (params.get('contenttype') !== 'json') return fail(60002, 'contenttype must be json');
  if (!isU32(params.get('random') ?? '')) return fail(60002, 'random must be an integer in 0..4294967295');
  const identifier = params.get('identifier');
  const userSig = params.get('usersig');
  if (!identifier) return fail(60004, 'identifier is missing from the query');
  if (!userSig) return fail(60004, 'usersig is missing from the query');
  const sigProblem = verifyUserSig(userSig, {
    sdkAppId: emulator.sdkAppId,
    secretKey: emulator.secretKey,
    identifier,
    nowSeconds: Math.floor(emulator.clock() / 1000),
  });
  if (sigProblem) return fail(sigProblem.code, sigProblem.info);
  if (!emulator.state.isAdmin(identifier)) return fail(adminCode, `${identifier} is not an app administrator`);
  return null;
}

// POST /v4/im_open_login_svc/account_import and multiaccount_import, with their documented codes:
// 70402 parameter invalid, 40601 a profile field's value over 500 bytes (70403, not an admin, is in query.mjs).
// UserIDs are 1 to 32 bytes; multiaccount_import takes 1 to 100 of them.
// Where the docs are silent: the reason an account lands in FailAccounts is not documented; here a UserID that is
// a string but empty or over 32 bytes goes there (the others are imported), while a request that is malformed as a
// whole (Accounts not an array of strings, empty, over 100) is 70402. The 100-account limit of the free edition
// (70398) is not emulated.
import { fail, ok } from './replies.mjs';

const MAX_USERID_BYTES = 32;
const MAX_PROFILE_BYTES = 500;
const MAX_BATCH = 100;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isUserId = (value) =>
  typeof value === 'string' && value !== '' && Buffer.byteLength(value) <= MAX_USERID_BYTES;

export function handleAccountImport(state, body) {
  if (!isObject(body) || !isUserId(body.UserID)) {
    return fail(70402, `UserID must be a string of 1 to ${MAX_USERID_BYTES} bytes`);
  }
  for (const field of ['Nick', 'FaceUrl']) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return fail(70402, `${field} must be a string`);
    if (Buffer.byteLength(value) > MAX_PROFILE_BYTES) return fail(40601, `${field} is over ${MAX_PROFILE_BYTES} bytes`);
  }
  state.importAccount({ UserID: body.UserID, Nick: body.Nick, FaceUrl: body.FaceUrl });
  return ok();
}

export function handleMultiAccountImport(state, body) {
  const accounts = isObject(body) ? body.Accounts : undefined;
  const wellFormed =
    Array.isArray(accounts) &&
    accounts.length > 0 &&
    accounts.length <= MAX_BATCH &&
    accounts.every((id) => typeof id === 'string');
  if (!wellFormed) return fail(70402, `Accounts must be an array of 1 to ${MAX_BATCH} strings`);
  const failed = accounts.filter((id) => !isUserId(id));
  for (const id of accounts) if (isUserId(id)) state.importAccount({ UserID: id });
  return ok({ FailAccounts: failed });
}

// POST /v4/im_open_login_svc/{account_import, multiaccount_import, account_check, account_delete, kick}, with their
// documented codes: 70402 parameter invalid, 40601 a profile field's value over 500 bytes (account_import), 70107
// account does not exist (70403, not an admin, is in query.mjs). UserIDs are 1 to 32 bytes; the batch endpoints
// take 1 to 100 accounts a call.
// Where the docs are silent (assumptions): the reason an account lands in FailAccounts is not documented; here a
// UserID that is a string but empty or over 32 bytes, or (AccountList form) a Nick or FaceUrl over 500 bytes, goes
// there while the rest are imported, and a request malformed as a whole (neither or both of Accounts/AccountList,
// not 1 to 100 items, a UserID that is not a string) is 70402. The same for account_check and account_delete: a
// malformed request is 70402, and an ID that cannot exist is simply not imported (70107 in account_delete). kick of
// an account that does not exist is 70107. The 100-account limit of the free edition (70398) is not emulated.
import { isObject } from './contacts.mjs';
import { fail, ok } from './replies.mjs';

const MAX_USERID_BYTES = 32;
const MAX_PROFILE_BYTES = 500;
const MAX_BATCH = 100;
const NOT_FOUND = 'account does not exist';

const isUserId = (value) =>
  typeof value === 'string' && value !== '' && Buffer.byteLength(value) <= MAX_USERID_BYTES;
const isBatch = (list, isItem) => Array.isArray(list) && list.length > 0 && list.length <= MAX_BATCH && list.every(isItem);
const isProfileField = (value) => value === undefined || typeof value === 'string';
const fitsProfile = (value) => value === undefined || Buffer.byteLength(value) <= MAX_PROFILE_BYTES;

export function handleAccountImport(state, body) {
  if (!isObject(body) || !isUserId(body.UserID)) {
    return fail(70402, `UserID must be a string of 1 to ${MAX_USERID_BYTES} bytes`);
  }
  for (const field of ['Nick', 'FaceUrl']) {
    const value = body[field];
    if (!isProfileField(value)) return fail(70402, `${field} must be a string`);
    if (!fitsProfile(value)) return fail(40601, `${field} is over ${MAX_PROFILE_BYTES} bytes`);
  }
  state.importAccount({ UserID: body.UserID, Nick: body.Nick, FaceUrl: body.FaceUrl });
  return ok();
}

const isAccountItem = (item) =>
  isObject(item) && typeof item.UserID === 'string' && isProfileField(item.Nick) && isProfileField(item.FaceUrl);

/** The accounts of either form, as [{ UserID, Nick?, FaceUrl? }], or null when the request is malformed. */
function accountsOf(body) {
  if (!isObject(body) || ('Accounts' in body) === ('AccountList' in body)) return null;
  if ('Accounts' in body) return isBatch(body.Accounts, (id) => typeof id === 'string') ? body.Accounts.map((UserID) => ({ UserID })) : null;
  return isBatch(body.AccountList, isAccountItem) ? body.AccountList : null;
}

export function handleMultiAccountImport(state, body) {
  const accounts = accountsOf(body);
  if (!accounts) {
    return fail(70402, `send one of Accounts (1 to ${MAX_BATCH} strings) or AccountList (1 to ${MAX_BATCH} { UserID, Nick?, FaceUrl? })`);
  }
  const failed = [];
  for (const { UserID, Nick, FaceUrl } of accounts) {
    if (isUserId(UserID) && fitsProfile(Nick) && fitsProfile(FaceUrl)) state.importAccount({ UserID, Nick, FaceUrl });
    else failed.push(UserID);
  }
  return ok({ FailAccounts: failed });
}

/** The UserIDs of a CheckItem / DeleteItem list, or null when it is malformed. */
function userIdsOf(body, field) {
  const list = isObject(body) ? body[field] : undefined;
  return isBatch(list, (item) => isObject(item) && typeof item.UserID === 'string') ? list.map((item) => item.UserID) : null;
}

export function handleAccountCheck(state, body) {
  const ids = userIdsOf(body, 'CheckItem');
  if (!ids) return fail(70402, `CheckItem must be an array of 1 to ${MAX_BATCH} { UserID } objects`);
  const ResultItem = ids.map((UserID) => ({
    UserID,
    ResultCode: 0,
    ResultInfo: '',
    AccountStatus: state.hasAccount(UserID) ? 'Imported' : 'NotImported',
  }));
  return ok({ ResultItem });
}

export function handleAccountDelete(state, body) {
  const ids = userIdsOf(body, 'DeleteItem');
  if (!ids) return fail(70402, `DeleteItem must be an array of 1 to ${MAX_BATCH} { UserID } objects`);
  const ResultItem = ids.map((UserID) => {
    if (!state.hasAccount(UserID)) return { UserID, ResultCode: 70107, ResultInfo: NOT_FOUND };
    state.deleteAccount(UserID);
    return { UserID, ResultCode: 0, ResultInfo: '' };
  });
  return ok({ ResultItem });
}

export function handleKick(state, body) {
  if (!isObject(body) || !isUserId(body.UserID)) return fail(70402, `UserID must be a string of 1 to ${MAX_USERID_BYTES} bytes`);
  if (!state.hasAccount(body.UserID)) return fail(70107, NOT_FOUND);
  state.kicks.push(body.UserID);
  return ok();
}

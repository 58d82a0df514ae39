// One API call: any request to a /v4/ path except OPTIONS (see cors.mjs). Steps, the first answer wins:
//   1. a queued fault (faults.mjs)
//   2. unknown or not emulated path → HTTP 404, 60009; a method other than POST → HTTP 405, 60002
//   3. rate limit: more than `rateLimit` calls to this path in the current fixed one-second window (clock seconds) → 60007
//   4. body over 1 MiB → HTTP 413, 60002
//   5. the query (query.mjs)
//   6. body not JSON → 60003
//   7. the endpoint's own checks and effect
// Every API call is counted and recorded in the state's history, whatever its answer.
import { handleAccountCheck, handleAccountDelete, handleAccountImport, handleKick, handleMultiAccountImport } from './accounts.mjs';
import { handleCreateGroup, handleDelGroup, handleGetGroups, handleSearchGroups, handleUpdateGroup } from './contact-groups.mjs';
import { handleDelete, handleGetList } from './conversations.mjs';
import { applyFault, takeFault } from './faults.mjs';
import * as groupApi from './group-api.mjs';
import { handleMark } from './marks.mjs';
import { handlePin } from './pin.mjs';
import { queryProblem } from './query.mjs';
import { fail } from './replies.mjs';

/** The emulated endpoints, with the code each documents for "identifier is not an app administrator". */
const ENDPOINTS = new Map([
  ...Object.entries({
    top: handlePin,
    get_list: handleGetList,
    delete: handleDelete,
    create_contact_group: handleCreateGroup,
    update_contact_group: handleUpdateGroup,
    del_contact_group: handleDelGroup,
    get_contact_group: handleGetGroups,
    search_contact_group: handleSearchGroups,
    mark_contact: handleMark,
  }).map(([command, handle]) => [`/v4/recentcontact/${command}`, { adminCode: 50003, handle }]),
  ...Object.entries({
    account_import: handleAccountImport,
    multiaccount_import: handleMultiAccountImport,
    account_check: handleAccountCheck,
    account_delete: handleAccountDelete,
    kick: handleKick,
  }).map(([command, handle]) => [`/v4/im_open_login_svc/${command}`, { adminCode: 70403, handle }]),
  ...Object.entries({
    create_group: groupApi.handleCreateGroup,
    add_group_member: groupApi.handleAddGroupMember,
    delete_group_member: groupApi.handleDeleteGroupMember,
    destroy_group: groupApi.handleDestroyGroup,
    get_group_member_info: groupApi.handleGetGroupMemberInfo,
  }).map(([command, handle]) => [`/v4/group_open_http_svc/${command}`, { adminCode: 10007, handle }]),
]);

export const isApiPath = (path) => path.startsWith('/v4/');

/** The body's From_Account, for faults aimed at one user; undefined when there is none. */
function fromAccountOf(text) {
  try {
    return JSON.parse(text)?.From_Account;
  } catch {
    return undefined;
  }
}

async function answer(emulator, { method, path, params, text, tooLarge }) {
  const fault = emulator.state.faults.length ? takeFault(emulator.state.faults, path, fromAccountOf(text)) : undefined;
  if (fault) {
    const reply = await applyFault(fault, emulator.signal);
    if (reply) return reply;
  }
  const endpoint = ENDPOINTS.get(path);
  if (!endpoint) return fail(60009, `${path} is not a known (or emulated) REST API`, { status: 404 });
  if (method !== 'POST') return fail(60002, 'the REST API only accepts POST', { status: 405, headers: { allow: 'POST' } });
  if (emulator.state.overRateLimit(path, emulator.clock())) return fail(60007, 'REST API call frequency over the limit');
  if (tooLarge) return fail(60002, 'request body over 1 MiB', { status: 413 });
  const problem = queryProblem(emulator, params, endpoint.adminCode);
  if (problem) return problem;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(60003, 'request body is not valid JSON');
  }
  return endpoint.handle(emulator.state, body);
}

export async function handleApi(emulator, call) {
  const reply = await answer(emulator, call);
  emulator.state.record({ ...call, reply });
  return reply;
}

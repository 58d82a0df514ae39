// POST /v4/recentcontact/top: pin (OperationType 1) or unpin (2) conversations in From_Account's list.
//
// Every request parameter error is 50002, the endpoint's documented code, and is found before the import check
// (50001: From_Account, or the To_Account of a C2C item, has not been imported). Where the docs are silent:
// - GroupId: any non-empty string is accepted; the docs give no code for a group that does not exist or that
//   From_Account is not in, so the emulator does not invent one.
// - The client SDK docs cap a user at 50 pinned conversations (not raisable). The server-side answer to going over
//   is not documented: the emulator answers 50006 (UNCONFIRMED: a code of our choosing, the next after the
//   endpoint's documented 50001 to 50005; the package's TOO_MANY_PINNED in src/core/wire/response.rs is the same)
//   for a pin that would give the user more than 50, and pins nothing of that request. Pinning a conversation that is
//   already pinned does not count, so it still succeeds for a user at the cap.
// - The maximum number of items in one request is not documented and not enforced (bodies are capped at 1 MiB).
// - Pinning an already pinned conversation keeps its place; the order kept is first-pin order.
// - A conversation need not be in the user's list to be pinned (the docs do not say whether the service creates it):
//   pinning one that is not there adds it to the list as a conversation without messages (MsgTime 0, listed with
//   AssistFlags bit 1, as any such conversation), so a pin always shows. Unpinning one that is not there changes
//   nothing. Deleting it removes it and its pin (conversations.mjs).
import { readConversations, userCall, wireConversation } from './contacts.mjs';
import { fail, ok } from './replies.mjs';

/** The most pinned conversations a user can have (client SDK docs), and the code answered past it (unconfirmed). */
export const MAX_PINNED = 50;
export const TOO_MANY_PINNED = 50006;

function requestProblem(body) {
  if (body.OperationType !== 1 && body.OperationType !== 2) return 'OperationType must be 1 (pin) or 2 (unpin)';
  return readConversations(body.RecentContactItem, 'RecentContactItem', 'GroupId').problem ?? null;
}

export function handlePin(state, body) {
  return userCall(state, body, requestProblem, () => {
    const { refs } = readConversations(body.RecentContactItem, 'RecentContactItem', 'GroupId');
    const missing = refs.find((ref) => ref.type === 1 && !state.hasAccount(ref.id));
    if (missing !== undefined) return fail(50001, `UserID ${missing.id} has not been imported`);
    // The state entry of an item: its key and the item reduced to its documented fields.
    const entries = refs.map((ref) => ({ key: ref.key, ref, item: wireConversation(ref, 'GroupId') }));
    if (body.OperationType === 1) {
      const added = new Set(entries.map(({ key }) => key).filter((key) => !state.isPinned(body.From_Account, key))).size;
      const pinned = state.pins.get(body.From_Account)?.size ?? 0;
      if (pinned + added > MAX_PINNED) {
        return fail(TOO_MANY_PINNED, `${body.From_Account} has ${pinned} pinned conversations: at most ${MAX_PINNED} (unpin one first)`);
      }
      state.pin(body.From_Account, entries);
    }
    else state.unpin(body.From_Account, entries);
    return ok();
  });
}

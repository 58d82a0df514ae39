// The callback commands the service documents (its command list, Tencent Cloud Chat product doc 1047/34355, and the
// pages it links), by family. `createCallbackHandler` refuses an `on` key that is not one of them, with a suggestion;
// its `commands` option names more (a command the service added since).
export const CALLBACK_COMMANDS = Object.freeze([
  'State.StateChange',
  'Alert.RequestOverLimit',
  'Profile.CallbackPortraitSet',
  'Sns.CallbackPrevFriendAdd', 'Sns.CallbackPrevFriendResponse', 'Sns.CallbackFriendAdd', 'Sns.CallbackFriendDelete',
  'Sns.CallbackBlackListAdd', 'Sns.CallbackBlackListDelete',
  'C2C.CallbackBeforeSendMsg', 'C2C.CallbackAfterSendMsg', 'C2C.CallbackAfterMsgReport', 'C2C.CallbackAfterMsgWithDraw',
  'Group.CallbackBeforeCreateGroup', 'Group.CallbackAfterCreateGroup', 'Group.CallbackBeforeApplyJoinGroup',
  'Group.CallbackBeforeInviteJoinGroup', 'Group.CallbackAfterNewMemberJoin', 'Group.CallbackAfterMemberExit',
  'Group.CallbackBeforeSendMsg', 'Group.CallbackAfterSendMsg', 'Group.CallbackAfterGroupFull',
  'Group.CallbackAfterGroupDestroyed', 'Group.CallbackAfterGroupInfoChanged', 'Group.CallbackOnMemberStateChange',
  'Group.CallbackSendMsgException', 'Group.CallbackAfterRecallMsg', 'Group.CallbackBeforeCreateTopic',
  'Group.CallbackAfterCreateTopic', 'Group.CallbackAfterTopicDestroyed', 'Group.CallbackAfterTopicInfoChanged',
  'Group.CallbackAfterMemberFieldChanged', 'Group.CallbackAfterGroupAttrChanged', 'Group.CallbackAfterReadReceipt',
  'Group.CallbackAfterChangeGroupOwner', 'Group.CallbackOnDailyGroupQuotaAlarm',
  'Bot.OnC2CMessage', 'Bot.OnGroupMessage', 'Chatbot.OnC2CSignalMessage',
  'ContentCallback.ResultNotify',
  'OfficialAccount.CallbackBeforeCreateOfficialAccount', 'OfficialAccount.CallbackAfterCreateOfficialAccount',
  'OfficialAccount.CallbackAfterOfficialAccountInfoChanged', 'OfficialAccount.CallbackAfterOfficialAccountDestroyed',
  'OfficialAccount.CallbackBeforeAddSubscriber', 'OfficialAccount.CallbackAfterAddSubscriber',
  'OfficialAccount.CallbackAfterOfficialAccountFull', 'OfficialAccount.CallbackAfterDeleteSubscriber',
  'OfficialAccount.CallbackBeforeSendMsg', 'OfficialAccount.CallbackAfterSendMsg',
  'OfficialAccount.CallbackAfterMsgWithDraw',
  'Push.OfflinePush', 'Push.AllMemberPush',
]);

/**
 * The known command `name` most likely stands for: the same name in another case, without (or with another) family or
 * without "Callback", or else the nearest by edit distance (at most a quarter of its length), case aside.
 */
export function nearestCommand(name, known) {
  const lower = String(name).toLowerCase();
  const bare = (command) => command.toLowerCase().slice(command.indexOf('.') + 1).replace('callback', '');
  const family = (command) => command.slice(0, Math.max(0, command.indexOf('.'))).toLowerCase();
  const same = known.filter((c) => bare(c) === bare(lower));
  const exact = known.find((c) => c.toLowerCase() === lower) ?? same.find((c) => family(c) === family(lower)) ?? same[0];
  if (exact) return exact;
  let best;
  let bestDistance = Math.max(2, Math.floor(lower.length / 4)) + 1;
  for (const command of known) {
    const d = distance(lower, command.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [command, d];
  }
  return best;
}

/** Levenshtein distance (one row at a time). */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

// The recipe "pin the announcements group for every new member", shared by the Worker (worker.js) and the Node
// server (server.mjs): a callback handler that, on Group.CallbackAfterNewMemberJoin for the announcements group,
// pins that group in each new member's conversation list.
import { ChatAdmin, group } from 'tencent-chat-admin';
import { createCallbackHandler } from 'tencent-chat-admin/callbacks';

/**
 * The settings from an environment (process.env, or a Worker's env): the app, its administrator and secret key,
 * the callback token set in the console, the group to pin, and where the service is (a region, or an endpoint such
 * as the emulator's).
 */
export function settingsFrom(env) {
  const need = (name) => {
    const value = env[name];
    if (!value) throw new Error(`pin-on-join: set ${name}`);
    return value;
  };
  return {
    sdkAppId: Number(need('TENCENT_CHAT_SDK_APP_ID')),
    identifier: env.TENCENT_CHAT_IDENTIFIER || 'administrator',
    secretKey: need('TENCENT_CHAT_SECRET_KEY'),
    token: need('TENCENT_CHAT_CALLBACK_TOKEN'),
    groupId: env.ANNOUNCEMENTS_GROUP || 'announcements',
    where: env.TENCENT_CHAT_ENDPOINT ? { endpoint: env.TENCENT_CHAT_ENDPOINT } : { region: env.TENCENT_CHAT_REGION || 'singapore' },
  };
}

/** The callback handler of the recipe (a Fetch-API handler; `.node` for node:http). */
export function pinOnJoin(settings, options = {}) {
  const { sdkAppId, identifier, secretKey, token, groupId, where } = settings;
  const admin = new ChatAdmin({ sdkAppId, identifier, secretKey, ...where });
  return createCallbackHandler({
    sdkAppId,
    token,
    ...options,
    on: {
      'Group.CallbackAfterNewMemberJoin': async ({ GroupId, NewMemberList }) => {
        if (GroupId !== groupId) return;
        // One request a member (the service pins for one user per call); a few at once, paced to its limit.
        const report = await admin.pinConversationsBulk(
          NewMemberList.map(({ Member_Account }) => ({ fromAccount: Member_Account, conversations: [group(groupId)] })),
          { concurrency: 8 },
        );
        if (report.failed > 0) throw new Error(`pinning ${groupId} failed for ${report.failed} of ${report.total} new members`);
      },
    },
  });
}

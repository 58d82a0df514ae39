export {
  ChatAdmin, pinConversations, checkPinRequest, genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig, verifyCallbackSign,
  Region, RetryOptions, RetryInfo, Credentials, Destination, ClientOptions, Conversation, PinRequest, CallOptions, RequestOptions, ApiResult,
  ChatErrorKind, GenUserSigOptions, GenPrivateMapKeyOptions, VerifyUserSigOptions, UserSigClaims, PrivateMapKeyClaims, TrtcPrivilege,
  BulkRequest, BulkProgress, BulkOptions, BulkItem, BulkFailure, BulkResult, BulkReport,
  ConversationInfo, ListedConversation, ConversationCursor, ConversationListRequest, ConversationPageRequest,
  ConversationPage, DeleteConversationRequest, ConversationResult, ConversationGroup, ConversationGroupResult,
  CreateConversationGroupRequest, UpdateConversationGroupRequest, ConversationGroupRequest, ConversationGroups,
  SearchConversationGroupsRequest, MarkBit, ConversationMark, MarkConversationsRequest, AccountToImport,
  ImportResult, AccountCheck, AccountDeletion, GroupMemberRole, GroupMember, GroupPinRequest, GroupMembersRequest,
  GroupPinOptions, GroupPinReport, Bound, Limits, JsonValue, JsonData, JsonBody, ServiceAnswer, VerifyCallbackSignOptions,
} from './tencent_chat_admin.js';
import type { Conversation, Limits } from './tencent_chat_admin.js';

/** The package's limits and option names, frozen: the values its own checks use (the command line reads its flags' ranges from it). */
export const limits: Readonly<Limits>;

/** The one-to-one conversation with `toAccount`, typed as one: `users.map(c2c)` is a `Conversation[]`. */
export function c2c(toAccount: string): Extract<Conversation, { type: 'c2c' }>;
/** The conversation of group `groupId`, typed as one: `groupIds.map(group)` is a `Conversation[]`. */
export function group(groupId: string): Extract<Conversation, { type: 'group' }>;
export { ChatError, isChatError } from './chat-error.js';

export {
  ChatAdmin, pinConversations, checkPinRequest, genUserSig, verifyUserSig, decodeUserSig, verifyCallbackSign,
  Region, RetryOptions, RetryInfo, Credentials, Destination, ClientOptions, Conversation, PinRequest, CallOptions, RequestOptions, ApiResult,
  ChatErrorKind, GenUserSigOptions, VerifyUserSigOptions, UserSigClaims,
  BulkRequest, BulkProgress, BulkOptions, BulkItem, BulkFailure, BulkResult, BulkReport,
  ConversationInfo, ListedConversation, ConversationCursor, ConversationListRequest, ConversationPageRequest,
  ConversationPage, DeleteConversationRequest, ConversationResult, ConversationGroup, ConversationGroupResult,
  CreateConversationGroupRequest, UpdateConversationGroupRequest, ConversationGroupRequest, ConversationGroups,
  SearchConversationGroupsRequest, MarkBit, ConversationMark, MarkConversationsRequest, AccountToImport,
  ImportResult, AccountCheck, AccountDeletion, JsonValue, ServiceAnswer, VerifyCallbackSignOptions,
} from './tencent_chat_admin.js';
export { ChatError, isChatError } from './chat-error.js';

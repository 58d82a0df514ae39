export {
  ChatAdmin, pinConversations, genUserSig, verifyUserSig, decodeUserSig,
  Region, RetryOptions, RetryInfo, Credentials, Destination, ClientOptions, Conversation, PinRequest, CallOptions, ApiResult,
  ChatErrorKind, GenUserSigOptions, VerifyUserSigOptions, UserSigClaims,
  BulkRequest, BulkProgress, BulkOptions, BulkItem, BulkFailure, BulkReport,
} from './tencent_chat_admin.js';
export { ChatError, isChatError } from './chat-error.js';

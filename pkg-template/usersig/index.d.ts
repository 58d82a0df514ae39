// `tencent-chat-admin/usersig`: the UserSig functions alone. Their declarations are the main entry's (both
// come from src/wasm/usersig.rs), and so are ChatError's.
export {
  genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig, GenUserSigOptions, GenPrivateMapKeyOptions, VerifyUserSigOptions, UserSigClaims,
  PrivateMapKeyClaims, TrtcPrivilege,
} from './usersig.js';
export type { ChatErrorKind } from '../tencent_chat_admin.js';
export { ChatError, isChatError } from '../chat-error.js';

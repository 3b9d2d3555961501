// Generated from openapi.json by `npm run gen:api`; do not edit.
/** The API's length limits of request fields, by schema component and field. */
export const FIELD_LIMITS = {
  AgentTicketRequest: {
    title: 200,
    description: 50000,
  },
  ClassifyRequest: {
    description: 5000,
  },
  CodeRequest: {
    code: 32,
  },
  IncidentReplyRequest: {
    body: 20000,
  },
  LoginRequest: {
    username: 150,
    password: 256,
  },
  MagicLinkRequestRequest: {
    email: 254,
    next: 300,
  },
  MarkDuplicateRequest: {
    reply: 20000,
  },
  MessageRequest: {
    body: 20000,
  },
  MessageUploadRequest: {
    body: 20000,
  },
  PatchedAgentTicketRequest: {
    title: 200,
    description: 50000,
  },
  PatchedSavedReplyRequest: {
    title: 100,
    body: 20000,
  },
  PatchedTagRenameRequest: {
    name: 50,
  },
  PublicTicketRequest: {
    name: 150,
    email: 254,
    title: 200,
    description: 50000,
    form_token: 300,
    website: 300,
  },
  PublicTicketUploadRequest: {
    name: 150,
    email: 254,
    title: 200,
    description: 50000,
    form_token: 300,
    website: 300,
  },
  RatingRequest: {
    comment: 2000,
  },
  ReplySendRequest: {
    body: 20000,
  },
  SavedReplyRequest: {
    title: 100,
    body: 20000,
  },
  SignInLinkRequest: {
    token: 400,
  },
  TicketUploadRequest: {
    title: 200,
    description: 50000,
  },
  TokenRatingRequest: {
    comment: 2000,
    token: 300,
  },
} as const;

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
  IncidentReplyRequest: {
    body: 20000,
  },
  LoginRequest: {
    username: 150,
    password: 256,
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
  ReplySendRequest: {
    body: 20000,
  },
  SavedReplyRequest: {
    title: 100,
    body: 20000,
  },
  TicketUploadRequest: {
    title: 200,
    description: 50000,
  },
} as const;

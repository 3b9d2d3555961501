import type { components, operations } from './schema';

type Schemas = components['schemas'];

export type Category = Schemas['CategoryEnum'];
export type Priority = Schemas['PriorityEnum'];
export type Status = Schemas['StatusEnum'];
export type Role = Schemas['RoleEnum'];

/** A ticket as the API returns it; requesters get the same shape with `suggestion` null. */
export type Ticket = Schemas['AgentTicket'];
export type TicketCreate = Schemas['AgentTicketRequest'];
/** What an agent may change; the version travels in the `If-Match` header instead. */
export type TicketChanges = Omit<Schemas['PatchedAgentTicketRequest'], 'version' | 'requester_id'>;
export type TicketStats = Schemas['TicketStats'];
export type TriageKept = Schemas['TriageKept'];
export type Taxonomy = Schemas['Taxonomy'];
export type ClassifyResult = Schemas['ClassifyResponse'];
export type SuggestionSource = Schemas['TriageSourceEnum'];
export type User = Schemas['UserSummary'];
export type Credentials = Schemas['LoginRequest'];
/** The signed-in user, and the second-factor step a staff session still owes (if any). */
export type SessionUser = Schemas['SessionUser'];
export type SecondFactorChallenge = Schemas['SecondFactorChallenge'];
export type TwoFactorStatus = Schemas['TwoFactorStatus'];
export type AuthenticatorSetup = Schemas['AuthenticatorSetup'];
export type RecoveryCodes = Schemas['RecoveryCodes'];
export type SignInSession = Schemas['SignInSession'];
export type Message = Schemas['Message'];
export type MessageCreate = Schemas['MessageRequest'];
export type TicketEvent = Schemas['Event'];
export type TicketEventKind = Schemas['EventKindEnum'];
export type Channel = Schemas['ChannelEnum'];
export type Attachment = Schemas['Attachment'];
export type TicketMail = Schemas['TicketMail'];
export type Delivery = Schemas['Delivery'];
export type DeliveryStatus = Schemas['DeliveryStatusEnum'];
export type ReceivedMail = Schemas['ReceivedMail'];
export type NotificationChoice = Schemas['NotificationChoice'];
export type NotificationChange = Schemas['PatchedNotificationChangeRequest'];
export type ChannelStatus = Schemas['ChannelStatus'];
export type Sla = Schemas['Sla'];
export type SlaTarget = Schemas['SlaTarget'];
export type SlaStats = Schemas['SlaStats'];
export type SavedReply = Schemas['SavedReply'];
export type SavedReplyInput = Schemas['SavedReplyRequest'];
export type BulkChanges = Schemas['BulkChangesRequest'];
export type BulkResponse = Schemas['BulkResponse'];
export type BulkResult = Schemas['BulkResult'];
export type Tag = Schemas['Tag'];
export type SimilarTicket = Schemas['SimilarTicket'];
export type ReplyDraft = Schemas['Draft'];
export type ThreadSummary = Schemas['Summary'];
export type Incident = Schemas['Incident'];
export type IncidentReply = Schemas['IncidentReplyRequest'];
export type IncidentReplyResult = Schemas['IncidentReplyResult'];
export type DraftStats = Schemas['DraftStats'];
export type DraftOutcomes = Schemas['DraftOutcomes'];
/** A language the `language=` filter accepts (ISO 639-1). */
export type LanguageCode = NonNullable<
  NonNullable<operations['tickets_list']['parameters']['query']>['language']
>;
export type PublicForm = Schemas['PublicForm'];
export type PublicTicketInput = Schemas['PublicTicketRequest'];
export type PublicTicketAccepted = Schemas['PublicTicketAccepted'];
export type Rating = Schemas['RatingEnum'];
export type Satisfaction = Schemas['Satisfaction'];
export type SatisfactionStats = Schemas['SatisfactionStats'];
export type RatingRecorded = Schemas['RatingRecorded'];
export type SignInLinkUsed = Schemas['SignInLinkUsed'];
export type OidcConfig = Schemas['OidcConfig'];

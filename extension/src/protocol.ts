import type { CandidateHit } from "./search";

// The bridge's wire format (version 1); Samsara's side is src/Samsara.Web/Ats/BridgeMessages.cs.
export const PROTOCOL_VERSION = 1;
export const SUBPROTOCOL = "samsara.ats.v1";
export const TOKEN_PREFIX = "samsara.token.";

export type FieldStatus = "filled" | "notFound" | "rejected";

export interface FillField {
  field: string;
  value: string;
  label?: string | null;
  selector?: string | null;
}

export interface FieldResult {
  field: string;
  status: FieldStatus;
  reason?: string;
  readBack?: string;
}

export interface BridgeMessage {
  v: number;
  type: string;
  requestId?: string;
  submissionId?: string;
  vendor?: string;
  extension?: string;
  pairing?: { id: string; label: string };
  candidate?: { id: string; name: string };
  fields?: FillField[];
  results?: FieldResult[];
  pageUrl?: string;
  recordUrl?: string;
  siteHost?: string;
  name?: string;
  mappingId?: string;
  message?: string;
  query?: string;
  candidates?: CandidateHit[];
  projectId?: string;
  candidateId?: string;
  confirm?: boolean;
  reason?: string;
}

// Messages between the service worker, the popup and the content script (chrome.runtime messaging).
export type LocalMessage =
  | { kind: "fill"; request: BridgeMessage }
  | { kind: "fillResult"; submissionId: string; requestId?: string; results: FieldResult[]; pageUrl: string; vendor: string }
  | { kind: "recordSaved"; submissionId: string; recordUrl: string }
  | { kind: "pageReady"; url: string }
  | { kind: "detect" }
  | { kind: "startPick"; fields: string[] }
  | { kind: "picked"; siteHost: string; fields: { field: string; selector: string; label?: string }[] }
  | { kind: "status" }
  | { kind: "pair"; server: string; token: string }
  | { kind: "unpair" }
  | { kind: "fillThisPage" }
  | { kind: "search"; query: string }
  | { kind: "fillCandidate"; projectId: string; candidateId: string; vendor?: string; siteHost?: string; confirm?: boolean };

/** The worker's answer to the popup's fillCandidate. */
export type FillAnswer =
  | { outcome: "filled"; filled: number; total: number; name: string }
  | { outcome: "refused"; reason: string; message: string }
  | { outcome: "failed"; message: string };

export function message(type: string, body: Partial<BridgeMessage> = {}): BridgeMessage {
  return { v: PROTOCOL_VERSION, type, ...body };
}

// The popup's candidate list. Names and project names are the candidates' and clients' own text: they are only
// ever set as textContent, never parsed as HTML.
export interface CandidateHit {
  id: string;
  projectId: string;
  name: string;
  project: string;
  state: string;
}

// Samsara sends states camelCased (atsReady).
const STATES: Record<string, string> = {
  pending: "Not contacted yet",
  outreachSent: "Contacted",
  awaitingReply: "Awaiting reply",
  replied: "Replied",
  timeout: "No reply",
  scheduling: "Scheduling",
  scheduled: "Call booked",
  callDone: "Call done",
  transcribed: "Transcribed",
  aiCalling: "AI call",
  screened: "Screened",
  pass: "Passed screening",
  fail: "Failed screening",
  atsReady: "Ready for the ATS",
  atsSubmitted: "In the ATS",
  sentToClient: "Sent to the client",
  optedOut: "Opted out",
  withdrawn: "Withdrawn",
  rejected: "Rejected",
};

/** "atsReady" → "Ready for the ATS"; an unknown state is split into words. */
export function stateLabel(state: string): string {
  const key = state.charAt(0).toLowerCase() + state.slice(1);
  return STATES[key] ?? state.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Draws one button per hit; a click picks it. An empty list says so. */
export function renderHits(list: HTMLElement, hits: CandidateHit[], query: string, onPick: (hit: CandidateHit) => void): void {
  const doc = list.ownerDocument;
  list.replaceChildren();
  if (hits.length === 0) {
    const none = doc.createElement("li");
    none.className = "none";
    none.textContent = query ? `No enrolled candidate matches "${query}".` : "Nobody is enrolled in Samsara yet.";
    list.append(none);
    return;
  }
  for (const hit of hits) {
    const item = doc.createElement("li");
    const button = doc.createElement("button");
    button.type = "button";
    button.className = "hit";
    button.dataset.candidate = hit.id;
    const name = doc.createElement("span");
    name.className = "name";
    name.textContent = hit.name;
    const project = doc.createElement("span");
    project.className = "project";
    project.textContent = hit.project;
    const state = doc.createElement("span");
    state.className = stateLabel(hit.state) === STATES.atsReady ? "state ready" : "state";
    state.textContent = stateLabel(hit.state);
    button.append(name, project, state);
    button.addEventListener("click", () => onPick(hit));
    item.append(button);
    list.append(item);
  }
}

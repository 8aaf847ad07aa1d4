// The toolbar popup: connection state, pairing, the current tab's ATS, "Fill this page", a search box to pick the
// candidate to fill for, and "Pick fields".
import type { FillAnswer, LocalMessage } from "./protocol";
import { renderHits, type CandidateHit } from "./search";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ask = (msg: LocalMessage) => chrome.runtime.sendMessage(msg);

async function activeTab(): Promise<any | undefined> {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tab;
}

async function refresh(): Promise<void> {
  const status = await ask({ kind: "status" });
  $("state").textContent = status.state;
  $("pairing").textContent = status.pairing ? `(${status.pairing.label})` : "";
  $("error").textContent = status.lastError ?? "";
  // The paired address, unless the recruiter is typing a new one.
  const server = $<HTMLInputElement>("server");
  if (document.activeElement !== server && status.server) server.value = status.server;
  const tab = await activeTab();
  try {
    const found = tab ? await chrome.tabs.sendMessage(tab.id, { kind: "detect" } satisfies LocalMessage, { frameId: 0 }) : null;
    $("vendor").textContent = found?.vendor ?? "no ATS form found";
  } catch {
    $("vendor").textContent = "not a page Samsara can fill";
  }
}

$("pair-form").addEventListener("submit", async e => {
  e.preventDefault();
  const token = $<HTMLInputElement>("token").value.trim();
  await ask({ kind: "pair", server: $<HTMLInputElement>("server").value.trim(), token });
  $<HTMLInputElement>("token").value = ""; // shown once, kept only in the extension's storage
  setTimeout(refresh, 500);
});
$("unpair").addEventListener("click", async () => { await ask({ kind: "unpair" }); await refresh(); });
$("fill").addEventListener("click", async () => { await ask({ kind: "fillThisPage" }); });
$("pick").addEventListener("click", async () => {
  const tab = await activeTab();
  if (tab) await chrome.tabs.sendMessage(tab.id, { kind: "startPick", fields: ["first_name", "last_name", "email", "phone", "location", "title", "skills", "notes"] } satisfies LocalMessage, { frameId: 0 });
  window.close();
});
/** What the tab in front is, asked at click time: the recruiter may have switched tabs since the popup opened. */
async function target(): Promise<{ vendor?: string; siteHost?: string }> {
  const tab = await activeTab();
  if (!tab?.url || !/^https?:/.test(tab.url)) return {};
  try {
    const found = await chrome.tabs.sendMessage(tab.id, { kind: "detect" } satisfies LocalMessage, { frameId: 0 });
    return { vendor: found?.vendor ?? undefined, siteHost: new URL(tab.url).host };
  } catch {
    return { siteHost: new URL(tab.url).host };
  }
}

async function fillFor(hit: CandidateHit, confirm = false): Promise<void> {
  const status = $("fill-status");
  status.replaceChildren();
  status.textContent = `Filling for ${hit.name}…`;
  const answer: FillAnswer = await ask({ kind: "fillCandidate", projectId: hit.projectId, candidateId: hit.id, confirm, ...(await target()) });
  switch (answer.outcome) {
    case "filled":
      status.textContent = `Filled ${answer.filled} of ${answer.total} fields for ${hit.name}. Check them, then press the ATS's own Save.`;
      break;
    case "refused":
      status.textContent = answer.message;
      if (answer.reason === "AlreadySubmitted") {
        const again = document.createElement("button");
        again.type = "button";
        again.id = "fill-again";
        again.textContent = "Submit again";
        again.addEventListener("click", () => void fillFor(hit, true));
        status.append(" ", again);
      }
      break;
    case "failed":
      status.textContent = answer.message;
      break;
  }
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
let searchSeq = 0;
async function runSearch(): Promise<void> {
  const query = $<HTMLInputElement>("search").value.trim();
  const seq = ++searchSeq;
  const found: { candidates?: CandidateHit[]; error?: string } = await ask({ kind: "search", query });
  if (seq !== searchSeq) return; // a newer search is on its way
  $("search-error").textContent = found.error ?? "";
  renderHits($("results"), found.candidates ?? [], query, hit => void fillFor(hit));
}

$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(), 200);
});
$("search-form").addEventListener("submit", e => { e.preventDefault(); clearTimeout(searchTimer); void runSearch(); });
chrome.storage.onChanged.addListener(() => void refresh());
// Opening the popup lists who is ready for the ATS, before anything is typed.
void refresh().then(async () => { if ((await ask({ kind: "status" })).state === "connected") await runSearch(); });

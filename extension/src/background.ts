// The service worker: holds the WebSocket to Samsara (reconnecting with backoff), routes fill requests to the
// recruiter's current tab and reports per-field results and saved records back. Chrome may stop the worker at
// any time; everything needed to carry on lives in chrome.storage, and the worker reconnects when it wakes
// (on start-up, an alarm, a page load or the popup).
import { message, SUBPROTOCOL, TOKEN_PREFIX, type BridgeMessage, type FieldResult, type FillAnswer, type LocalMessage } from "./protocol";
import { Replies } from "./replies";

const VERSION = "0.1.0";
const MAX_BACKOFF_MS = 30_000;

type State = "unpaired" | "connecting" | "connected" | "disconnected";

let socket: WebSocket | null = null;
let state: State = "unpaired";
let pairing: { id: string; label: string } | null = null;
let lastError: string | null = null;
let backoff = 1000;
let retry: ReturnType<typeof setTimeout> | null = null;
let keepAlive: ReturnType<typeof setInterval> | null = null;
// Answers the popup waits for: search results, refusals, and fills it asked for (reported as "filled").
const replies = new Replies<BridgeMessage>();
const ANSWER_MS = 10_000;

async function settings(): Promise<{ server?: string; token?: string }> {
  return chrome.storage.local.get(["server", "token"]);
}

async function setState(next: State, error: string | null = lastError): Promise<void> {
  state = next;
  lastError = error;
  await chrome.storage.session.set({ state, lastError, pairing });
}

function bridgeUrl(server: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = "/ats/bridge";
  return url.toString();
}

async function connect(): Promise<void> {
  if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
  const { server, token } = await settings();
  if (!server || !token) {
    await setState("unpaired", null);
    return;
  }
  await setState("connecting");
  let opened = false;
  const ws = new WebSocket(bridgeUrl(server), [SUBPROTOCOL, TOKEN_PREFIX + token]);
  socket = ws;
  ws.onopen = () => {
    opened = true;
    backoff = 1000;
    ws.send(JSON.stringify(message("hello", { extension: VERSION })));
    // An open socket with traffic keeps an MV3 worker alive (Chrome 116+).
    keepAlive = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(message("ping"))), 20_000);
  };
  ws.onmessage = event => void onServerMessage(JSON.parse(String(event.data)) as BridgeMessage);
  ws.onclose = () => {
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
    if (socket === ws) socket = null;
    // A refused upgrade looks the same as an unreachable server to a browser WebSocket.
    void setState("disconnected", opened ? "Connection to Samsara lost." : "Samsara refused the connection or is not running: check the address, or pair again.");
    scheduleReconnect();
  };
}

function scheduleReconnect(): void {
  if (retry) return;
  const wait = backoff;
  backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  retry = setTimeout(() => { retry = null; void connect(); }, wait);
}

function send(msg: BridgeMessage): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
}

async function onServerMessage(msg: BridgeMessage): Promise<void> {
  if (msg.type !== "fill" && replies.offer(msg)) return;
  switch (msg.type) {
    case "paired":
      pairing = msg.pairing ?? null;
      await setState("connected", null);
      break;
    case "fill": {
      await chrome.storage.session.set({ lastFill: msg });
      const results = await fillInTab(msg);
      replies.offer(message("filled", { candidate: msg.candidate, results }));
      break;
    }
    case "error":
      await setState(state, msg.message ?? "Samsara reported an error.");
      break;
    default:
      break;
  }
}

/** The tab the recruiter is looking at: the active web page of the last focused window. */
async function targetTab(): Promise<any | undefined> {
  const isWeb = (t: any) => /^https?:/.test(t.url ?? "");
  const focused = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return focused.find(isWeb) ?? (await chrome.tabs.query({ active: true })).find(isWeb);
}

async function fillInTab(request: BridgeMessage): Promise<FieldResult[]> {
  const tab = await targetTab();
  const nothing = (reason: string): FieldResult[] =>
    (request.fields ?? []).map(f => ({ field: f.field, status: "notFound", reason }));
  if (!tab) {
    send(message("fill.result", { requestId: request.requestId, submissionId: request.submissionId, results: nothing("no ATS tab is open"), message: "No web page is open in Chrome." }));
    return nothing("no ATS tab is open");
  }
  try {
    const answer = await chrome.tabs.sendMessage(tab.id, { kind: "fill", request } satisfies LocalMessage, { frameId: 0 });
    await rememberPending(tab.id, request.submissionId!);
    send(message("fill.result", { requestId: request.requestId, submissionId: request.submissionId, results: answer.results, pageUrl: answer.pageUrl, vendor: answer.vendor }));
    return answer.results;
  } catch {
    send(message("fill.result", {
      requestId: request.requestId, submissionId: request.submissionId, results: nothing("the page cannot be filled"),
      pageUrl: tab.url, message: "The current tab cannot be filled (reload it, or open the ATS's candidate form).",
    }));
    return nothing("the page cannot be filled");
  }
}

let nextRequest = 0;
function requestId(): string {
  return `x${Date.now().toString(36)}${(nextRequest++).toString(36)}`;
}

async function search(query: string): Promise<{ candidates?: BridgeMessage["candidates"]; error?: string }> {
  if (socket?.readyState !== WebSocket.OPEN) return { error: "Not connected to Samsara." };
  const id = requestId();
  const answer = replies.expect(m => m.requestId === id && (m.type === "candidates.found" || m.type === "error"), ANSWER_MS);
  send(message("candidates.search", { requestId: id, query }));
  try {
    const found = await answer;
    return found.type === "error" ? { error: found.message } : { candidates: found.candidates ?? [] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Asks Samsara to fill the current tab for a candidate picked in the popup; answers once the page is filled. */
async function fillCandidate(msg: Extract<LocalMessage, { kind: "fillCandidate" }>): Promise<FillAnswer> {
  if (socket?.readyState !== WebSocket.OPEN) return { outcome: "failed", message: "Not connected to Samsara." };
  const id = requestId();
  const answer = replies.expect(m =>
    (m.type === "fill.refused" && m.requestId === id)
    || (m.type === "filled" && m.candidate?.id === msg.candidateId)
    || (m.type === "error" && !m.requestId), ANSWER_MS * 3);
  send(message("fill.request", {
    requestId: id, projectId: msg.projectId, candidateId: msg.candidateId, vendor: msg.vendor, siteHost: msg.siteHost, confirm: msg.confirm,
  }));
  try {
    const m = await answer;
    if (m.type === "fill.refused") return { outcome: "refused", reason: m.reason ?? "", message: m.message ?? "Samsara refused the fill." };
    if (m.type === "error") return { outcome: "failed", message: m.message ?? "Samsara reported an error." };
    const results = m.results ?? [];
    return { outcome: "filled", filled: results.filter(r => r.status === "filled").length, total: results.length, name: m.candidate?.name ?? "" };
  } catch (e) {
    return { outcome: "failed", message: (e as Error).message };
  }
}

async function rememberPending(tabId: number, submissionId: string): Promise<void> {
  const { pending = {} } = await chrome.storage.session.get("pending");
  pending[tabId] = submissionId;
  await chrome.storage.session.set({ pending });
}

async function takePending(tabId: number, remove: boolean): Promise<string | undefined> {
  const { pending = {} } = await chrome.storage.session.get("pending");
  const id = pending[tabId];
  if (remove && id) {
    delete pending[tabId];
    await chrome.storage.session.set({ pending });
  }
  return id;
}

chrome.runtime.onMessage.addListener((msg: LocalMessage, sender: any, reply: (r: unknown) => void) => {
  void (async () => {
    await connect();
    switch (msg.kind) {
      case "pageReady":
        reply({ submissionId: sender.tab ? await takePending(sender.tab.id, false) : undefined });
        break;
      case "fillResult":
        send(message("fill.result", { submissionId: msg.submissionId, results: msg.results, pageUrl: msg.pageUrl, vendor: msg.vendor }));
        reply({ ok: true });
        break;
      case "recordSaved":
        if (sender.tab) await takePending(sender.tab.id, true);
        send(message("submit.confirmed", { submissionId: msg.submissionId, recordUrl: msg.recordUrl }));
        reply({ ok: true });
        break;
      case "picked":
        send(message("mapping.save", { vendor: "Generic", siteHost: msg.siteHost, name: `Picked on ${msg.siteHost}`, fields: msg.fields.map(f => ({ field: f.field, value: "", selector: f.selector, label: f.label })) }));
        reply({ ok: true });
        break;
      case "status":
        reply({ state, lastError, pairing, server: (await settings()).server ?? "http://127.0.0.1:5170" });
        break;
      case "pair":
        await chrome.storage.local.set({ server: msg.server, token: msg.token });
        socket?.close();
        backoff = 1000;
        await connect();
        reply({ ok: true });
        break;
      case "unpair":
        await chrome.storage.local.remove(["token"]);
        pairing = null;
        socket?.close();
        await setState("unpaired", null);
        reply({ ok: true });
        break;
      case "search":
        reply(await search(msg.query));
        break;
      case "fillCandidate":
        reply(await fillCandidate(msg));
        break;
      case "fillThisPage": {
        const { lastFill } = await chrome.storage.session.get("lastFill");
        if (lastFill) await fillInTab(lastFill);
        reply({ ok: Boolean(lastFill) });
        break;
      }
      default:
        reply({});
    }
  })();
  return true;
});

// Wakes a stopped worker now and then so a dropped connection comes back even with no page activity.
chrome.alarms.create("reconnect", { periodInMinutes: 0.5 });
chrome.alarms.onAlarm.addListener(() => void connect());
chrome.runtime.onStartup.addListener(() => void connect());
void connect();

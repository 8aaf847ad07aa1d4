// Runs in every page's top frame: fills on request, watches for the saved record, and does "Pick fields".
import { fillPage, type FillSession } from "./filler";
import type { LocalMessage } from "./protocol";
import { detectVendor, findRecordUrl, robustSelector } from "./vendors";

let session: FillSession | null = null;
let watching: string | null = null;
let watchTimer: ReturnType<typeof setInterval> | undefined;

function send(msg: LocalMessage): Promise<any> {
  return chrome.runtime.sendMessage(msg).catch(() => undefined);
}

/** After a fill, the record's address appears once the recruiter presses the ATS's own save button. */
function watchForRecord(submissionId: string, before: string | null): void {
  if (watching === submissionId) return;
  // A newer fill replaces the older one: only the latest submission can be the one the recruiter saves.
  clearInterval(watchTimer);
  watching = submissionId;
  const started = Date.now();
  watchTimer = setInterval(() => {
    const url = findRecordUrl(document);
    if (url && url !== before) {
      clearInterval(watchTimer);
      watching = null;
      session?.stop();
      void send({ kind: "recordSaved", submissionId, recordUrl: url });
    } else if (Date.now() - started > 60 * 60 * 1000) {
      clearInterval(watchTimer);
      watching = null;
    }
  }, 250);
}

chrome.runtime.onMessage.addListener((msg: LocalMessage, _sender: unknown, reply: (r: unknown) => void) => {
  if (msg.kind === "detect") {
    reply({ vendor: detectVendor(location, document), url: location.href });
    return false;
  }
  if (msg.kind === "fill") {
    const request = msg.request;
    const vendor = detectVendor(location, document) ?? "Generic";
    const before = findRecordUrl(document);
    void (async () => {
      session?.stop();
      session = await fillPage(document, request.fields ?? []);
      session.onUpdate = results => void send({
        kind: "fillResult", submissionId: request.submissionId!, results, pageUrl: location.href, vendor,
      });
      reply({ results: session.results, pageUrl: location.href, vendor });
      watchForRecord(request.submissionId!, before);
    })();
    return true; // answers asynchronously
  }
  if (msg.kind === "startPick") {
    startPick(msg.fields);
    reply({ ok: true });
    return false;
  }
  return false;
});

// Lets a page (and the browser tests) see that Samsara can fill it; it carries nothing about Samsara itself.
document.documentElement.dataset.samsaraFill = "ready";

// A saving form may load a new page (plain HTML forms): ask whether this tab awaits a record.
void send({ kind: "pageReady", url: location.href }).then((pending: { submissionId?: string } | undefined) => {
  if (pending?.submissionId) watchForRecord(pending.submissionId, null);
});

/** "Pick fields": each click on an input assigns the next ATS field; Escape or the last field finishes. */
function startPick(fields: string[]): void {
  const picked: { field: string; selector: string; label?: string }[] = [];
  const banner = document.createElement("div");
  banner.setAttribute("style", "position:fixed;top:0;left:0;right:0;z-index:2147483647;background:#1b5e20;color:#fff;font:14px sans-serif;padding:8px");
  const show = () => { banner.textContent = `Samsara: click the field for "${fields[picked.length]}" (Esc to finish)`; };
  show();
  document.body.appendChild(banner);
  let outlined: HTMLElement | null = null;
  const isField = (t: EventTarget | null): t is HTMLElement =>
    t instanceof HTMLElement && t.matches("input:not([type=hidden]), select, textarea, [role=combobox], [contenteditable=true]");
  const over = (e: MouseEvent) => {
    if (outlined) outlined.style.outline = "";
    outlined = isField(e.target) ? e.target : null;
    if (outlined) outlined.style.outline = "3px solid #43a047";
  };
  const click = (e: MouseEvent) => {
    if (!isField(e.target)) return;
    e.preventDefault();
    e.stopPropagation();
    picked.push({ field: fields[picked.length], ...robustSelector(e.target) });
    if (picked.length >= fields.length) finish(); else show();
  };
  const key = (e: KeyboardEvent) => { if (e.key === "Escape") finish(); };
  function finish() {
    document.removeEventListener("mouseover", over, true);
    document.removeEventListener("click", click, true);
    document.removeEventListener("keydown", key, true);
    if (outlined) outlined.style.outline = "";
    banner.remove();
    if (picked.length) void send({ kind: "picked", siteHost: location.host, fields: picked });
  }
  document.addEventListener("mouseover", over, true);
  document.addEventListener("click", click, true);
  document.addEventListener("keydown", key, true);
}

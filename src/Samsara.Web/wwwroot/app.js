window.samsara = {
  markInteractive: () => document.body.setAttribute("data-interactive", ""),
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  // Finished import bars the recruiter closed, remembered by this browser so they stay closed on reload.
  dismissedImports: () => JSON.parse(localStorage.getItem("samsara.dismissedImports") ?? "[]"),
  dismissImport: (id) => {
    const ids = window.samsara.dismissedImports().filter((x) => x !== id);
    ids.push(id);
    localStorage.setItem("samsara.dismissedImports", JSON.stringify(ids.slice(-200)));
  },
};

// Arrow keys move focus around the Samsara Wheel; Enter follows the focused link natively.
document.addEventListener("keydown", (event) => {
  const wheel = event.target.closest?.("[data-wheel]");
  if (!wheel) return;
  const items = [...wheel.querySelectorAll("a.wheel__segment")];
  const index = items.indexOf(event.target);
  if (index < 0 && event.target.classList.contains("wheel__hub") === false) return;
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  let next;
  if (step) next = items[(Math.max(index, step > 0 ? -1 : 0) + step + items.length) % items.length];
  else if (event.key === "Home") next = items[0];
  else if (event.key === "End") next = items[items.length - 1];
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

// A folder dropped on the CV drop zone: the file input alone would receive the folder itself (unreadable), so
// walk it (webkitGetAsEntry) and hand every file inside to the input, named by its path in the folder.
document.addEventListener("drop", async (event) => {
  const zone = event.target.closest?.("[data-cv-drop]");
  const items = [...(event.dataTransfer?.items ?? [])];
  if (!zone || !items.some((i) => i.webkitGetAsEntry?.()?.isDirectory)) return;
  event.preventDefault();
  event.stopPropagation();
  const input = zone.querySelector("input[type=file]");
  const entries = items.map((i) => i.webkitGetAsEntry()).filter((e) => e);
  const files = [];
  const readAll = (reader) => new Promise((resolve, reject) => reader.readEntries(resolve, reject));
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      files.push(new File([file], entry.fullPath.replace(/^\//, ""), { type: file.type, lastModified: file.lastModified }));
      return;
    }
    const reader = entry.createReader();
    // readEntries returns at most 100 entries per call; an empty batch means the folder is done.
    for (let batch = await readAll(reader); batch.length > 0; batch = await readAll(reader)) {
      for (const child of batch) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  const transfer = new DataTransfer();
  files.forEach((f) => transfer.items.add(f));
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}, true);

// Call view: a transcript line seeks the recording there, speed buttons set the playback rate, and the line being
// played is highlighted. Delegated, so it survives Blazor re-rendering the transcript (e.g. while searching).
document.addEventListener("click", (event) => {
  const audio = document.querySelector("[data-call-audio]");
  if (!audio) return;
  const turn = event.target.closest?.("[data-seek]");
  if (turn) {
    audio.currentTime = Number(turn.dataset.seek);
    return;
  }
  const speed = event.target.closest?.("[data-speed]");
  if (speed) audio.playbackRate = Number(speed.dataset.speed);
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches?.("[data-seek]")) event.target.click();
});
document.addEventListener(
  "timeupdate",
  (event) => {
    if (!event.target.matches?.("[data-call-audio]")) return;
    const t = event.target.currentTime;
    for (const turn of document.querySelectorAll("[data-seek]")) {
      const current = t >= Number(turn.dataset.seek) && t < Number(turn.dataset.end);
      turn.classList.toggle("call-turn--current", current);
    }
  },
  true,
);

// Inbox keys: j / k move through conversations, r goes to the answer box, e marks done. Ignored while typing, and
// with modifiers (so Ctrl+R still reloads). The inbox registers its .NET handler while it is on screen.
let inboxKeys = null;
window.samsara.inboxKeys = (handler) => {
  inboxKeys = handler;
};
window.samsara.scrollInboxRow = (sequenceId) => {
  document.querySelector(`[data-test=inbox-row][data-sequence="${sequenceId}"]`)?.scrollIntoView({ block: "nearest" });
};
document.addEventListener("keydown", (event) => {
  if (!inboxKeys || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if (!["j", "k", "r", "e"].includes(event.key)) return;
  const target = event.target;
  if (target.closest?.("input, textarea, select, [contenteditable=true], .mud-popover-open")) return;
  event.preventDefault();
  inboxKeys.invokeMethodAsync("OnInboxKey", event.key);
});

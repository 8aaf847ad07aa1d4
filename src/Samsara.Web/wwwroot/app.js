window.samsara = {
  markInteractive: () => document.body.setAttribute("data-interactive", ""),
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
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

// The toolbar popup: connection state, pairing, the current tab's ATS, "Fill this page" and "Pick fields".
import type { LocalMessage } from "./protocol";

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
  $<HTMLInputElement>("server").value ||= status.server;
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
chrome.storage.onChanged.addListener(() => void refresh());
void refresh();

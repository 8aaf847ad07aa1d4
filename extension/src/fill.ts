// Framework-safe filling. React, Angular and Vue keep the form's state in JavaScript and only learn about a new
// value from the events a user's typing fires; a plain `el.value = x` is overwritten at their next render.
import type { FieldResult } from "./protocol";

type Editable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Sets the value through the element's own prototype setter, so a framework's value tracker sees a change. */
function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  const view = el.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const proto = el instanceof (view?.HTMLTextAreaElement ?? HTMLTextAreaElement)
    ? (view?.HTMLTextAreaElement ?? HTMLTextAreaElement).prototype
    : el instanceof (view?.HTMLSelectElement ?? HTMLSelectElement)
      ? (view?.HTMLSelectElement ?? HTMLSelectElement).prototype
      : (view?.HTMLInputElement ?? HTMLInputElement).prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, "value")?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
}

function fire(el: Element, type: string): void {
  const view = el.ownerDocument.defaultView!;
  const event = type === "blur" || type === "focus"
    ? new view.FocusEvent(type, { bubbles: false })
    : type === "focusout" || type === "focusin"
      ? new view.FocusEvent(type, { bubbles: true })
      : new view.Event(type, { bubbles: true });
  el.dispatchEvent(event);
}

/** Dates arrive as the mapping formatted them; a date input only takes yyyy-mm-dd. */
export function toIsoDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value.trim());
  if (dmy) {
    // Ambiguous 01/02/2026: a first part over 12 is a day; otherwise month/day (the US order Bullhorn uses).
    let [a, b] = [Number(dmy[1]), Number(dmy[2])];
    const [month, day] = a > 12 ? [b, a] : [a, b];
    return `${dmy[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  }
  return null;
}

function truthy(value: string): boolean {
  return /^(true|yes|y|1|on|checked)$/i.test(value.trim());
}

function chooseOption(select: HTMLSelectElement, value: string): HTMLOptionElement | undefined {
  const want = value.trim().toLowerCase();
  const options = Array.from(select.options);
  return options.find(o => o.value.toLowerCase() === want)
    ?? options.find(o => (o.textContent ?? "").trim().toLowerCase() === want)
    ?? options.find(o => (o.textContent ?? "").trim().toLowerCase().startsWith(want));
}

/** A custom select (role=combobox with a listbox of role=option), as Angular/Bullhorn-style UIs draw them. */
async function fillCombobox(box: HTMLElement, value: string): Promise<string | null> {
  box.click();
  await nextFrame(box);
  const doc = box.ownerDocument;
  const listId = box.getAttribute("aria-controls") ?? box.getAttribute("aria-owns");
  const scope: ParentNode = (listId && doc.getElementById(listId)) || box.parentElement || doc;
  const want = value.trim().toLowerCase();
  const options = Array.from(scope.querySelectorAll<HTMLElement>("[role=option]"));
  const option = options.find(o => (o.dataset.value ?? "").toLowerCase() === want)
    ?? options.find(o => (o.textContent ?? "").trim().toLowerCase() === want);
  if (!option) {
    box.click(); // close it again
    return `no option "${value}" (the page offers: ${options.map(o => (o.textContent ?? "").trim()).join(", ")})`;
  }
  option.click();
  return null;
}

function nextFrame(el: Element): Promise<void> {
  const view = el.ownerDocument.defaultView;
  return new Promise(resolve => (view?.requestAnimationFrame ? view.requestAnimationFrame(() => resolve()) : setTimeout(resolve, 0)));
}

/**
 * Rich-text editors keep the document in their own model. Lexical, Slate and Draft take edits from beforeinput
 * events and cancel them; ProseMirror, Quill and CKEditor read what changed in the DOM. So the editor's content is
 * selected and a beforeinput "insertText" is offered first (Chrome fires none for execCommand); if the editor
 * did not take it, the browser's own insertText command edits the DOM and fires input as typing does. Where that
 * command is missing (old engines, tests' DOMs), the text is written and announced.
 */
function typeIntoEditor(editor: HTMLElement, value: string): void {
  const doc = editor.ownerDocument;
  const view = doc.defaultView!;
  const selection = doc.getSelection();
  if (selection) {
    const range = doc.createRange();
    range.selectNodeContents(editor);
    selection.removeAllRanges();
    selection.addRange(range);
  }
  const offered = new view.InputEvent("beforeinput", { bubbles: true, cancelable: true, inputType: "insertText", data: value });
  if (!editor.dispatchEvent(offered)) return; // the editor applied it to its model
  if (selection && typeof doc.execCommand === "function") {
    try {
      if (doc.execCommand("insertText", false, value)) return;
    } catch {
      // Falls through to writing the text.
    }
  }
  editor.textContent = value;
  editor.dispatchEvent(new view.InputEvent("input", { bubbles: true, inputType: "insertText", data: value }));
}

/** What the page shows for a field now. */
export function readBack(el: Element): string {
  if (el instanceof el.ownerDocument.defaultView!.HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
    return el.checked ? "true" : "false";
  }
  if (el instanceof el.ownerDocument.defaultView!.HTMLSelectElement) {
    const o = el.selectedOptions[0];
    return o ? (o.textContent ?? "").trim() : "";
  }
  if ("value" in el && typeof (el as Editable).value === "string" && !(el as HTMLElement).isContentEditable) {
    return (el as Editable).value;
  }
  if ((el as HTMLElement).isContentEditable) {
    // innerText keeps the editor's paragraphs apart; DOMs without layout have no innerText.
    const shown = (el as HTMLElement).innerText;
    if (typeof shown === "string") return shown.trim();
    const blocks = Array.from(el.querySelectorAll("p, li, div"));
    return (blocks.length ? blocks.map(b => b.textContent ?? "").join("\n") : el.textContent ?? "").trim();
  }
  const shown = el.querySelector?.("[data-selected], .value, [aria-selected=true]");
  return ((el.getAttribute("data-value") ? el.getAttribute("data-value") : null) ?? (shown ?? el).textContent ?? "").trim();
}

function kept(el: Element, value: string, select?: HTMLOptionElement): boolean {
  const shown = readBack(el).trim();
  if (select) return shown === (select.textContent ?? "").trim();
  if (el instanceof el.ownerDocument.defaultView!.HTMLInputElement && el.type === "date") return shown === toIsoDate(value);
  if (el instanceof el.ownerDocument.defaultView!.HTMLInputElement && el.type === "checkbox") return shown === String(truthy(value));
  const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
  return norm(shown) === norm(value) || (el.getAttribute("role") === "combobox" && norm(shown).includes(norm(value)));
}

export interface Applied {
  /** Set when the page refused the value outright (no such option, read-only). */
  result?: FieldResult;
  option?: HTMLOptionElement;
}

/** Puts the value in like a user would; the read-back comes after the page had a chance to re-render. */
export async function applyValue(field: string, el: Element, value: string): Promise<Applied> {
  const view = el.ownerDocument.defaultView!;
  const html = el as HTMLElement;
  if ((el as HTMLInputElement).disabled || (el as HTMLInputElement).readOnly) {
    return { result: { field, status: "rejected", reason: "the field is read-only on this page" } };
  }
  html.focus?.();
  fire(el, "focus");
  fire(el, "focusin");
  let option: HTMLOptionElement | undefined;
  if (el instanceof view.HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
    if (el.checked !== truthy(value)) el.click(); // a click is what every framework listens to for these
  } else if (el instanceof view.HTMLSelectElement) {
    option = chooseOption(el, value);
    if (!option) return { result: { field, status: "rejected", reason: `no option "${value}" in the list`, readBack: readBack(el) } };
    setNativeValue(el, option.value);
    fire(el, "input");
    fire(el, "change");
  } else if (el.getAttribute("role") === "combobox" && !(el instanceof view.HTMLInputElement)) {
    const problem = await fillCombobox(html, value);
    if (problem) return { result: { field, status: "rejected", reason: problem, readBack: readBack(el) } };
  } else if (html.isContentEditable) {
    typeIntoEditor(html, value);
  } else if (el instanceof view.HTMLInputElement || el instanceof view.HTMLTextAreaElement) {
    let text = value;
    if (el instanceof view.HTMLInputElement && el.type === "date") {
      const iso = toIsoDate(value);
      if (!iso) return { result: { field, status: "rejected", reason: `"${value}" is not a date this field takes` } };
      text = iso;
    }
    setNativeValue(el, text);
    fire(el, "input");
    fire(el, "change");
  } else {
    return { result: { field, status: "rejected", reason: `<${el.tagName.toLowerCase()}> is not a form field` } };
  }
  fire(el, "blur");
  fire(el, "focusout");
  return { option };
}

/** One frame and a task: long enough for a framework to re-render what the last events changed. */
export async function settle(doc: Document): Promise<void> {
  await nextFrame(doc.documentElement);
  await new Promise(r => setTimeout(r, 0));
}

/** What stuck: the page's value read back against the one sent. */
export function verify(field: string, el: Element, value: string, applied: Applied): FieldResult {
  if (applied.result) return applied.result;
  const shown = readBack(el);
  return kept(el, value, applied.option)
    ? { field, status: "filled", readBack: shown }
    : { field, status: "rejected", reason: "the page did not keep the value", readBack: shown };
}

/** Fills one element and reads it back (a whole form settles once instead: see filler.ts). */
export async function fillElement(field: string, el: Element, value: string): Promise<FieldResult> {
  const applied = await applyValue(field, el, value);
  await settle(el.ownerDocument);
  return verify(field, el, value, applied);
}

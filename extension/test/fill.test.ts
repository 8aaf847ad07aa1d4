import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";
import { fillElement, toIsoDate } from "../src/fill";
import { fillPage } from "../src/filler";
import { detectVendor, findField, findRecordUrl, robustSelector } from "../src/vendors";

function page(html: string, url = "https://ats.example/candidate/new"): Document {
  return new JSDOM(html, { url, pretendToBeVisual: true }).window.document;
}

/** A controlled input as React keeps it: state in JS, a value tracker, and a re-render that writes state back. */
function controlled(doc: Document, name: string): { state: () => string; rerender: () => void } {
  const input = doc.querySelector<HTMLInputElement>(`[name=${name}]`)!;
  let state = "";
  const proto = Object.getPrototypeOf(input);
  const native = Object.getOwnPropertyDescriptor(proto, "value")!;
  let tracked = "";
  Object.defineProperty(input, "value", {
    configurable: true,
    get() { return native.get!.call(this); },
    set(v) { tracked = String(v); native.set!.call(this, v); },
  });
  input.addEventListener("input", () => { if (input.value !== tracked) { state = input.value; tracked = state; } });
  const rerender = () => { native.set!.call(input, state); tracked = state; };
  input.addEventListener("blur", rerender);
  return { state: () => state, rerender };
}

test("fillElement: a controlled input's state takes the value (a plain .value write would be lost)", async () => {
  const doc = page(`<form><input name="firstName"></form>`);
  const field = controlled(doc, "firstName");

  const result = await fillElement("firstName", doc.querySelector("input")!, "Ludwig");
  field.rerender();

  assert.equal(field.state(), "Ludwig");
  assert.equal(result.status, "filled");
  assert.equal(result.readBack, "Ludwig");
});

test("fillElement: a plain .value write is what the controlled component throws away (the test above can fail)", () => {
  const doc = page(`<form><input name="firstName"></form>`);
  const field = controlled(doc, "firstName");

  doc.querySelector("input")!.value = "Ludwig";
  field.rerender();

  assert.equal(field.state(), "");
  assert.equal(doc.querySelector("input")!.value, "");
});

test("fillElement: a select is chosen by value or by visible text", async () => {
  const doc = page(`<select name="source"><option value="">–</option><option value="cv">CV Upload</option><option value="ref">Referral</option></select>`);
  const select = doc.querySelector("select")!;
  let changes = 0;
  select.addEventListener("change", () => changes++);

  const byText = await fillElement("source", select, "cv upload");
  assert.equal(select.value, "cv");
  const byValue = await fillElement("source", select, "ref");

  assert.equal(select.value, "ref");
  assert.equal(byText.status, "filled");
  assert.equal(byValue.readBack, "Referral");
  assert.equal(changes, 2);
});

test("fillElement: a select with no such option is rejected with the reason", async () => {
  const doc = page(`<select name="status"><option>Active</option></select>`);

  const result = await fillElement("status", doc.querySelector("select")!, "New Lead");

  assert.equal(result.status, "rejected");
  assert.match(result.reason!, /no option "New Lead"/);
});

test("fillElement: checkboxes are clicked only when they must change", async () => {
  const doc = page(`<input type="checkbox" name="willRelocate">`);
  const box = doc.querySelector("input")!;
  let clicks = 0;
  box.addEventListener("click", () => clicks++);

  await fillElement("willRelocate", box, "yes");
  await fillElement("willRelocate", box, "true");

  assert.equal(box.checked, true);
  assert.equal(clicks, 1);
});

test("fillElement: a date input gets yyyy-mm-dd from the mapping's format", async () => {
  const doc = page(`<input type="date" name="dateAvailable">`);

  const result = await fillElement("dateAvailable", doc.querySelector("input")!, "12/01/2026");

  assert.equal(doc.querySelector("input")!.value, "2026-12-01");
  assert.equal(result.status, "filled");
});

test("fillElement: a read-only field is rejected, not forced", async () => {
  const doc = page(`<input name="id" readonly value="42">`);

  const result = await fillElement("id", doc.querySelector("input")!, "7");

  assert.equal(result.status, "rejected");
  assert.equal(doc.querySelector("input")!.value, "42");
});

test("fillElement: a custom combobox is opened and its option clicked", async () => {
  const doc = page(`<div role="combobox" aria-controls="l" data-field="status"><span class="value"></span></div>
    <ul id="l" hidden><li role="option" data-value="New Lead">New Lead</li><li role="option">Placed</li></ul>`);
  const box = doc.querySelector<HTMLElement>("[role=combobox]")!;
  box.addEventListener("click", () => { doc.getElementById("l")!.hidden = !doc.getElementById("l")!.hidden; });
  doc.querySelectorAll<HTMLElement>("[role=option]").forEach(o => o.addEventListener("click", () => {
    box.querySelector(".value")!.textContent = o.textContent; doc.getElementById("l")!.hidden = true;
  }));

  const result = await fillElement("status", box, "New Lead");

  assert.equal(result.status, "filled");
  assert.equal(box.textContent!.trim(), "New Lead");
});

test("toIsoDate: reads ISO, month-first and day-first (when the day is over 12)", () => {
  assert.equal(toIsoDate("2026-12-01T10:00:00Z"), "2026-12-01");
  assert.equal(toIsoDate("12/01/2026"), "2026-12-01");
  assert.equal(toIsoDate("31/12/2026"), "2026-12-31");
  assert.equal(toIsoDate("soon"), null);
});

test("findField: by ATS name, alias, label text and aria-label", () => {
  const doc = page(`<form>
    <input name="firstName"><input formcontrolname="city">
    <label for="x1">Last name *</label><input id="x1">
    <textarea aria-label="Skills"></textarea></form>`);

  assert.equal(findField(doc, "firstName")?.getAttribute("name"), "firstName");
  assert.equal(findField(doc, "address.city")?.getAttribute("formcontrolname"), "city");
  assert.equal(findField(doc, "lastName")?.id, "x1");
  assert.equal(findField(doc, "skills", { label: "Skills" })?.tagName, "TEXTAREA");
  assert.equal(findField(doc, "mobile"), null);
});

test("findField: a saved selector wins, and hidden inputs are skipped", () => {
  const doc = page(`<input type="hidden" name="email" value="x"><div><input class="e" placeholder="Email"></div>`);

  assert.equal(findField(doc, "email"), null);
  assert.equal(findField(doc, "email", { selector: "input.e" })?.className, "e");
});

test("findField: fields inside a same-origin iframe are found", () => {
  const dom = new JSDOM(`<iframe></iframe>`, { url: "https://ats.example/", pretendToBeVisual: true });
  const inner = dom.window.document.querySelector("iframe")!.contentDocument!;
  inner.body.innerHTML = `<form><input name="email"></form>`;

  assert.equal(findField(dom.window.document, "email")?.ownerDocument, inner);
});

test("fillPage: fields of a later step are filled when they appear, and the update is reported", async () => {
  const doc = page(`<form id="f"><input name="first_name"></form>`);
  const session = await fillPage(doc, [{ field: "first_name", value: "Ana" }, { field: "skills", value: "C#, SQL" }]);
  assert.deepEqual(session.results.map(r => r.status), ["filled", "notFound"]);
  const updated = new Promise<string[]>(resolve => { session.onUpdate = r => resolve(r.map(x => x.status)); });

  doc.getElementById("f")!.innerHTML = `<textarea name="skills"></textarea>`;

  assert.deepEqual(await updated, ["filled", "filled"]);
  assert.equal(doc.querySelector("textarea")!.value, "C#, SQL");
  session.stop();
});

test("robustSelector: prefers a hand-written id, then name, and keeps the label", () => {
  const doc = page(`<label for="email">E-mail</label><input id="email"><input id="ember1234" name="phone"><input aria-label="City">`);
  const [email, phone, city] = Array.from(doc.querySelectorAll("input"));

  assert.deepEqual(robustSelector(email), { selector: `input[id="email"]`, label: "E-mail" });
  assert.equal(robustSelector(phone).selector, `input[name="phone"]`);
  assert.equal(robustSelector(city).selector, `input[aria-label="City"]`);
});

test("detectVendor and findRecordUrl: hosts, the sandbox's meta tag, and record addresses but not 'new'", () => {
  assert.equal(detectVendor({ hostname: "cls5.bullhornstaffing.com", pathname: "/" }), "Bullhorn");
  assert.equal(detectVendor({ hostname: "app.jobadder.com", pathname: "/" }), "JobAdder");
  const sandbox = page(`<meta name="ats-vendor" content="Vincere"><form><input></form>`, "http://127.0.0.1/x");
  assert.equal(detectVendor({ hostname: "127.0.0.1", pathname: "/x" }, sandbox), "Vincere");
  assert.equal(findRecordUrl(page("", "https://ats.example/candidate/new")), null);
  assert.equal(findRecordUrl(page("", "https://ats.example/candidates/4711")), "https://ats.example/candidates/4711");
});

test("fillElement: a rich-text editor gets the text through the browser's insertText on its whole content", async () => {
  const doc = page(`<div contenteditable="true" aria-label="Notes"><p>old</p></div>`);
  const editor = doc.querySelector<HTMLElement>("[contenteditable]")!;
  Object.defineProperty(editor, "isContentEditable", { value: true }); // jsdom has no editing
  const commands: [string, string, string][] = [];
  // Stands in for Chrome's command: records what was selected and replaces it, as the editor's model would.
  (doc as any).execCommand = (name: string, _ui: boolean, value: string) => {
    commands.push([name, doc.getSelection()!.toString(), value]);
    editor.innerHTML = value.split("\n").map(l => `<p>${l}</p>`).join("");
    return true;
  };

  const result = await fillElement("notes", editor, "Line one\nLine two");

  assert.deepEqual(commands, [["insertText", "old", "Line one\nLine two"]]);
  assert.equal(result.status, "filled");
});

test("fillElement: an editor that takes beforeinput into its own model gets the text there, replacing what it held", async () => {
  const doc = page(`<div contenteditable="true" aria-label="Notes"><p>old</p></div>`);
  const editor = doc.querySelector<HTMLElement>("[contenteditable]")!;
  Object.defineProperty(editor, "isContentEditable", { value: true });
  let model = "old";
  const render = () => { editor.innerHTML = model.split("\n").map(l => `<p>${l}</p>`).join(""); };
  editor.addEventListener("beforeinput", e => {
    e.preventDefault();
    const replacing = doc.getSelection()!.toString();
    model = model.replace(replacing, (e as InputEvent).data ?? "");
    render();
  });
  editor.addEventListener("blur", render); // a redraw from the model drops anything written into the DOM
  (doc as any).execCommand = () => { throw new Error("not needed when the editor takes beforeinput"); };

  const result = await fillElement("notes", editor, "Line one\nLine two");

  assert.equal(model, "Line one\nLine two");
  assert.equal(result.status, "filled");
});

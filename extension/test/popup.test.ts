import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";
import { Replies } from "../src/replies";
import { renderHits, stateLabel, type CandidateHit } from "../src/search";

function list(): HTMLElement {
  return new JSDOM(`<ul id="results"></ul>`).window.document.getElementById("results")!;
}

const hit = (name: string, state = "atsReady", project = "Java developers"): CandidateHit =>
  ({ id: `id-${name}`, projectId: "p1", name, project, state });

test("renderHits: a candidate's name and project are shown as text, never run as HTML", () => {
  const ul = list();
  const name = `<img src=x onerror="window.pwned=1">Eve`;

  renderHits(ul, [hit(name, "atsReady", `<b>Acme</b> & "Co"`)], "eve", () => {});

  assert.equal(ul.querySelector("img"), null);
  assert.equal(ul.querySelector("b"), null);
  assert.equal(ul.querySelector(".name")!.textContent, name);
  assert.equal(ul.querySelector(".project")!.textContent, `<b>Acme</b> & "Co"`);
});

test("renderHits: each hit shows name, project and a readable state, and a click picks that candidate", () => {
  const ul = list();
  const picked: string[] = [];

  renderHits(ul, [hit("María de la Cruz"), hit("Ludwig van der Berg", "callDone", "Nurses")], "", h => picked.push(h.name));
  const buttons = Array.from(ul.querySelectorAll<HTMLButtonElement>("button.hit"));
  buttons[1].click();

  assert.equal(buttons.length, 2);
  assert.deepEqual(buttons.map(b => b.querySelector(".state")!.textContent), ["Ready for the ATS", "Call done"]);
  assert.ok(buttons[0].querySelector(".state")!.classList.contains("ready"));
  assert.ok(!buttons[1].querySelector(".state")!.classList.contains("ready"));
  assert.equal(buttons[1].querySelector(".project")!.textContent, "Nurses");
  assert.deepEqual(picked, ["Ludwig van der Berg"]);
});

test("renderHits: no hits says so, with the query as text; a new search replaces the old list", () => {
  const ul = list();
  renderHits(ul, [hit("A"), hit("B")], "", () => {});

  renderHits(ul, [], "<script>x</script>", () => {});

  assert.equal(ul.querySelectorAll("li").length, 1);
  assert.equal(ul.querySelector("script"), null);
  assert.equal(ul.textContent, `No enrolled candidate matches "<script>x</script>".`);
});

test("stateLabel: Samsara's camelCase states and PascalCase both read as words", () => {
  assert.equal(stateLabel("atsReady"), "Ready for the ATS");
  assert.equal(stateLabel("AtsSubmitted"), "In the ATS");
  assert.equal(stateLabel("somethingNew"), "something new");
});

test("Replies: an answer reaches the request with its id, not another one", async () => {
  const replies = new Replies<{ type: string; requestId?: string }>();
  const first = replies.expect(m => m.requestId === "a", 1000);
  const second = replies.expect(m => m.requestId === "b", 1000);

  assert.equal(replies.offer({ type: "candidates.found", requestId: "b" }), true);
  assert.equal(replies.offer({ type: "candidates.found", requestId: "zzz" }), false);
  replies.offer({ type: "candidates.found", requestId: "a" });

  assert.equal((await second).requestId, "b");
  assert.equal((await first).requestId, "a");
  assert.equal(replies.size, 0);
});

test("Replies: no answer rejects after the timeout and forgets the waiter", async () => {
  const replies = new Replies<{ requestId: string }>();

  await assert.rejects(replies.expect(m => m.requestId === "a", 20), /did not answer in time/);
  assert.equal(replies.size, 0);
  assert.equal(replies.offer({ requestId: "a" }), false);
});

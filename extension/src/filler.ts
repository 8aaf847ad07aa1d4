// Fills a whole request into a page and keeps going on multi-step forms: fields not on the current step are
// filled when the recruiter moves on and they appear. It never clicks the ATS's save or submit button.
import { applyValue, settle, verify, type Applied } from "./fill";
import type { FieldResult, FillField } from "./protocol";
import { findField } from "./vendors";

export interface FillSession {
  results: FieldResult[];
  /** Called with the full, updated result list whenever a later step fills more fields. */
  onUpdate?: (results: FieldResult[]) => void;
  stop(): void;
}

export async function fillPage(doc: Document, fields: FillField[]): Promise<FillSession> {
  const results = new Map<string, FieldResult>();
  const filledElements = new WeakSet<Element>();

  // Every field is set first and read back after a single re-render, not one frame per field (a 40-field
  // form would otherwise wait 40 frames).
  async function pass(): Promise<boolean> {
    const applied: [FillField, Element, Applied][] = [];
    for (const f of fields) {
      const previous = results.get(f.field);
      if (previous && previous.status !== "notFound") continue;
      const el = findField(doc, f.field, f);
      if (!el || filledElements.has(el)) {
        if (!previous) results.set(f.field, { field: f.field, status: "notFound", reason: "no such field on this page (yet)" });
        continue;
      }
      filledElements.add(el);
      applied.push([f, el, await applyValue(f.field, el, f.value)]);
    }
    if (applied.length === 0) return false;
    await settle(doc);
    for (const [f, el, a] of applied) results.set(f.field, verify(f.field, el, f.value, a));
    return true;
  }

  await pass();
  const session: FillSession = {
    results: fields.map(f => results.get(f.field)!),
    stop: () => observer.disconnect(),
  };
  let running = false;
  const observer = new (doc.defaultView!.MutationObserver)(async () => {
    if (running || !fields.some(f => results.get(f.field)?.status === "notFound")) return;
    running = true;
    try {
      if (await pass()) {
        session.results = fields.map(f => results.get(f.field)!);
        session.onUpdate?.(session.results);
      }
    } finally {
      running = false;
    }
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  return session;
}

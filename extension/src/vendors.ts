// Which ATS a page is, and where each ATS field is on it. Lookups go from the most to the least specific:
// a saved selector, the ATS's own field name (name/id/formcontrolname/data-field), then the visible label.

export type Vendor = "Bullhorn" | "JobAdder" | "Vincere" | "Generic";

const HOSTS: [RegExp, Vendor][] = [
  [/(^|\.)bullhorn(staffing)?\.com$/i, "Bullhorn"],
  [/(^|\.)jobadder\.com$/i, "JobAdder"],
  [/(^|\.)vincere\.io$/i, "Vincere"],
];

/** Other names the same field goes by on the vendor's pages. */
const ALIASES: Record<string, string[]> = {
  "address.city": ["city", "address_city", "addressCity"],
  currentPosition: ["positionTitle", "jobTitle"],
  skillSet: ["skills"],
  skillTags: ["skills"],
  current_location: ["location", "city"],
};

export function detectVendor(loc: { hostname: string; pathname: string }, doc?: Document): Vendor | null {
  for (const [re, vendor] of HOSTS) if (re.test(loc.hostname)) return vendor;
  // Samsara's sandbox ATS pages and self-hosted installs name themselves.
  const named = doc?.querySelector<HTMLMetaElement>("meta[name=ats-vendor]")?.content;
  if (named === "Bullhorn" || named === "JobAdder" || named === "Vincere") return named;
  if (doc && allDocuments(doc).some(d => d.querySelector("form input, form select, form textarea, [role=combobox]"))) return "Generic";
  return null;
}

/** The page's document and the documents of its same-origin iframes (cross-origin ones cannot be read). */
export function allDocuments(doc: Document): Document[] {
  const docs = [doc];
  for (const frame of Array.from(doc.querySelectorAll("iframe"))) {
    try {
      const inner = (frame as HTMLIFrameElement).contentDocument;
      if (inner) docs.push(...allDocuments(inner));
    } catch {
      // Cross-origin: not ours to touch.
    }
  }
  return docs;
}

function cssEscape(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}

function humanise(field: string): string {
  return field.replace(/^.*\./, "").replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().trim();
}

function visible(el: Element): boolean {
  const h = el as HTMLElement;
  if (h.hidden || (h as HTMLInputElement).type === "hidden") return false;
  const style = el.ownerDocument.defaultView?.getComputedStyle(h);
  return !style || (style.display !== "none" && style.visibility !== "hidden");
}

function byLabel(doc: Document, text: string): Element | null {
  const want = text.toLowerCase().replace(/[*:]/g, "").trim();
  for (const label of Array.from(doc.querySelectorAll("label"))) {
    const own = (label.textContent ?? "").toLowerCase().replace(/[*:]/g, "").trim();
    if (own !== want) continue;
    if (label.htmlFor) {
      const target = doc.getElementById(label.htmlFor);
      if (target) return target;
    }
    const inner = label.querySelector("input, select, textarea, [role=combobox], [contenteditable=true]");
    if (inner) return inner;
  }
  return doc.querySelector(`[aria-label="${cssEscape(text)}" i]`);
}

export function findField(doc: Document, field: string, hints: { label?: string | null; selector?: string | null } = {}): Element | null {
  for (const d of allDocuments(doc)) {
    if (hints.selector) {
      try {
        const hit = d.querySelector(hints.selector);
        if (hit && visible(hit)) return hit;
      } catch {
        // A bad saved selector falls through to the other ways.
      }
    }
    for (const name of [field, ...(ALIASES[field] ?? [])]) {
      const n = cssEscape(name);
      const hit = Array.from(d.querySelectorAll(
        `[name="${n}"], [id="${n}"], [formcontrolname="${n}"], [data-field="${n}"], [data-automation-id="${n}"]`)).find(visible);
      if (hit) return hit;
    }
    for (const text of hints.label ? [hints.label] : [field, ...(ALIASES[field] ?? [])].map(humanise)) {
      const labelled = byLabel(d, text);
      if (labelled && visible(labelled)) return labelled;
    }
  }
  return null;
}

const RECORD = /\/(candidates?|records?|person|people)\/(?!new\b)([A-Za-z0-9-]{1,40})(?=[/?#]|$)/i;

/** The saved record's address once the ATS shows one: its own URL, or a same-origin iframe's. */
export function findRecordUrl(doc: Document): string | null {
  for (const d of allDocuments(doc)) {
    const href = d.defaultView?.location.href ?? "";
    if (RECORD.test(new URL(href).pathname)) return href;
  }
  return null;
}

/** A selector that survives re-renders: id or name when they look hand-written, else the aria-label. */
export function robustSelector(el: Element): { selector: string; label?: string } {
  const tag = el.tagName.toLowerCase();
  const label = labelOf(el);
  const id = el.getAttribute("id");
  if (id && !/\d{3,}|[:_-][a-z0-9]{6,}$/i.test(id)) return { selector: `${tag}[id="${cssEscape(id)}"]`, label };
  for (const attr of ["name", "formcontrolname", "data-field", "aria-label", "placeholder"]) {
    const v = el.getAttribute(attr);
    if (v) return { selector: `${tag}[${attr}="${cssEscape(v)}"]`, label };
  }
  return { selector: tag, label };
}

function labelOf(el: Element): string | undefined {
  const id = el.getAttribute("id");
  const label = (id && el.ownerDocument.querySelector(`label[for="${cssEscape(id)}"]`)) || el.closest("label");
  const text = (label?.textContent ?? el.getAttribute("aria-label") ?? "").replace(/[*:]/g, "").trim();
  return text || undefined;
}

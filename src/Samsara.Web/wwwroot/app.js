window.samsara = {
  markInteractive: () => document.body.setAttribute("data-interactive", ""),
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

// Shared by the sandbox ATS pages: saves the page's own state as a record and shows its address, the way an
// ATS moves to the new record's page after save. Served at /_sandbox/ats/save.js.
window.saveRecord = async function (kind, state) {
  const response = await fetch(`/_sandbox/ats/${kind}/records`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state),
  });
  const saved = await response.json();
  history.pushState({}, "", saved.path);
  const shown = document.getElementById("saved");
  shown.hidden = false;
  shown.querySelector("a").href = saved.url;
  shown.querySelector("a").textContent = saved.url;
  return saved;
};

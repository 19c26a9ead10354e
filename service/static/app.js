// rrk-triage: the only script of the web UI (no inline scripts: CSP script-src 'self').
// Everything works without it; it adds a print button and confirmation of weighty actions.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});

// The change feed (/changes): new entries arrive by server-sent events and are added on top of
// the table, announced in a live region. Without JavaScript the page shows the same entries on
// reload.
document.addEventListener("DOMContentLoaded", function () {
  var section = document.querySelector("[data-stream]");
  if (!section || !window.EventSource) { return; }
  var rows = document.getElementById("changes-rows");
  var live = document.getElementById("changes-live");
  var source = new EventSource(section.getAttribute("data-stream"));
  source.addEventListener("change", function (event) {
    var data = JSON.parse(event.data);
    var shown = data.html || {};
    var row = document.createElement("tr");
    var head = document.createElement("th");
    head.setAttribute("scope", "row");
    var link = document.createElement("a");
    link.href = shown.href ||
      "/cases/" + encodeURIComponent(data.case_id) + "?region=" + encodeURIComponent(data.region);
    link.textContent = data.case_id;
    var region = document.createElement("span");
    region.className = "sub";
    region.textContent = " " + (shown.region || data.region);
    head.appendChild(link);
    head.appendChild(region);
    row.appendChild(head);
    [shown.change, shown.cause || data.cause_text, shown.date || data.as_of].forEach(function (value) {
      var cell = document.createElement("td");
      cell.textContent = value || "";
      row.appendChild(cell);
    });
    row.className = "arrived";
    rows.insertBefore(row, rows.firstChild);
    var none = document.getElementById("changes-none");
    if (none) { none.hidden = true; }
    if (live) { live.textContent = shown.announce || data.case_id; }
    var seen = document.querySelector("form[action='/changes/seen'] input[name=seen_id]");
    if (seen) { seen.value = String(data.id); }
  });
});

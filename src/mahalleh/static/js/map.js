/*
 * The map of the target neighborhoods (issue 12), with the vendored Leaflet: a plain background, the
 * province's county outlines from our own GeoJSON (approximate, drawn for the demo), and a tile layer
 * only when the server names one (MAP_TILE_URL). Each neighborhood is a circle coloured by the chosen
 * measure; a click opens its page. Reads JSON from json_script ("map-points", "map-config"); no inline
 * script, no request to another host unless a tile server is configured.
 */
(function () {
  "use strict";

  var number = new Intl.NumberFormat("fa-IR");
  var scale = ["#2e7d32", "#9ccc65", "#fbc02d", "#f57c00", "#c62828"];

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function colour(value, max) {
    if (value === null || value === undefined) {
      return "#9e9e9e";
    }
    if (max <= 0) {
      return scale[0];
    }
    return scale[Math.min(scale.length - 1, Math.floor((value / max) * (scale.length - 1) + 0.0001))];
  }

  function start() {
    var el = document.getElementById("neighborhood-map");
    if (!el || !window.L) {
      return;
    }
    var points = readJSON("map-points") || [];
    var config = readJSON("map-config") || {};
    var labels = {};
    (config.measures || []).forEach(function (m) { labels[m[0]] = m[1]; });
    var map = window.L.map(el, { attributionControl: !!config.tiles, zoomSnap: 0.25 }).setView([35.9, 50.75], 9);
    if (config.tiles) {
      window.L.tileLayer(config.tiles, { maxZoom: 18 }).addTo(map);
    }
    var markers = window.L.layerGroup().addTo(map);
    var select = document.getElementById("map-measure");
    var legend = document.getElementById("map-legend");

    function redraw() {
      var measure = select ? select.value : "open";
      var values = points.map(function (p) { return p[measure]; }).filter(function (v) { return v !== null; });
      var max = values.length ? Math.max.apply(null, values) : 0;
      markers.clearLayers();
      points.forEach(function (p) {
        var v = p[measure];
        var marker = window.L.circleMarker([p.lat, p.lng], {
          radius: 8, weight: 1, color: "#333", fillOpacity: 0.85, fillColor: colour(v, max), className: "hood-marker",
        });
        marker.bindTooltip(p.name + " (" + p.county + "): " + (v === null ? "—" : number.format(v)));
        marker.on("click", function () { window.location.href = p.url; });
        marker.addTo(markers);
      });
      if (legend) {
        legend.textContent = (labels[measure] || "") + ": سبز کمترین، قرمز بیشترین (" + number.format(max) + ")";
      }
      el.setAttribute("data-markers", String(points.length));
    }

    fetch(el.getAttribute("data-geojson"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        var outlines = window.L.geoJSON(geo, {
          style: { color: "#5d4037", weight: 1.5, fillColor: "#fffaf0", fillOpacity: 0.6, className: "county-outline" },
          onEachFeature: function (f, layer) {
            layer.bindTooltip(f.properties.name + " — " + (f.properties.note || ""), { sticky: true });
          },
        }).addTo(map);
        outlines.bringToBack();
        map.fitBounds(outlines.getBounds(), { padding: [8, 8] });
        el.setAttribute("data-outlines", String(geo.features.length));
      })
      .catch(function () { el.setAttribute("data-outlines", "0"); });

    if (select) {
      select.addEventListener("change", redraw);
    }
    redraw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

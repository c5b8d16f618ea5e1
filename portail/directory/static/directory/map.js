/* The public map: Québec's outline, the search's services as clustered markers, a summary on click.
   Plain ES2017, no strings of its own: the page gives them in data- attributes. */
(function () {
  "use strict";

  // The same colours as the legend (map.css).
  const COLOURS = { rsge: "#095797", cpe: "#2c7a3f", gs: "#a14f00", gns: "#6b4fa0" };
  const QUEBEC = [[44.9, -79.8], [62.6, -57.0]];

  let map = null;
  let element = null;
  let cluster = null;
  let circle = null;
  let loadedUrl = null;
  let markers = new Map();

  function keyOf(kind, pk) {
    return kind + ":" + pk;
  }

  function summaryUrl(kind, pk) {
    return element.dataset.summaryUrl + (kind === "rsge" ? "rsge" : "installation") + "/" + pk + "/";
  }

  function createMap() {
    element = document.getElementById("carte");
    if (!element || !window.L) {
      return false;
    }
    map = L.map(element, { preferCanvas: true, minZoom: 4, maxZoom: 18, zoomSnap: 0.5 });
    map.fitBounds(QUEBEC);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
    } else {
      fetch(element.dataset.outlineUrl)
        .then((response) => response.json())
        .then((outline) => {
          L.geoJSON(outline, {
            interactive: false,
            style: { color: "#223654", weight: 1, fillColor: "#ffffff", fillOpacity: 1 },
          }).addTo(map).bringToBack();
        })
        .catch(() => {});
    }
    cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, chunkedLoading: true });
    map.addLayer(cluster);
    loadedUrl = null;
    return true;
  }

  function select(kind, pk) {
    document.querySelectorAll(".service-list__item.is-selected").forEach((item) => item.classList.remove("is-selected"));
    const summary = document.querySelector('#resultats .service-summary[data-kind="' + kind + '"][data-pk="' + pk + '"]');
    if (summary) {
      summary.closest(".service-list__item").classList.add("is-selected");
    }
  }

  function openSummary(marker, kind, pk) {
    select(kind, pk);
    marker.bindPopup(element.dataset.loading, { maxWidth: 320, autoPanPaddingTopLeft: [56, 16] }).openPopup();
    fetch(summaryUrl(kind, pk), { headers: { "HX-Request": "true" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => marker.setPopupContent(html))
      .catch(() => marker.closePopup());
  }

  // The JSON's points are columns (docs/api.md): the n-th service is kind[n], id[n], at lat_e4[n] / 10,000 …
  function showPoints(data) {
    const columns = data.points;
    const layers = columns.id.map((pk, index) => {
      const kind = columns.kind[index];
      const colour = COLOURS[kind] || "#223654";
      const marker = L.circleMarker([columns.lat_e4[index] / 10000, columns.lon_e4[index] / 10000], {
        radius: 8,
        weight: 2,
        color: colour,
        fillColor: colour,
        fillOpacity: columns.published[index] ? 0.85 : 0.25,
      });
      marker.on("click", () => openSummary(marker, kind, pk));
      markers.set(keyOf(kind, pk), marker);
      return marker;
    });
    cluster.addLayers(layers);
    element.dataset.markers = String(layers.length);
  }

  function load() {
    if (!map || document.getElementById("carte") !== element) {
      if (map) {
        map.remove();
      }
      if (!createMap()) {
        return;
      }
    }
    map.invalidateSize();
    document.querySelectorAll(".map-show").forEach((button) => { button.hidden = false; });
    const results = document.getElementById("resultats");
    const url = results ? results.dataset.pointsUrl : "";
    if (url === loadedUrl) {
      return;
    }
    loadedUrl = url;
    cluster.clearLayers();
    markers = new Map();
    element.dataset.markers = "0";
    if (circle) {
      circle.remove();
      circle = null;
    }
    if (!url) {
      return;
    }
    const centre = [parseFloat(results.dataset.lat), parseFloat(results.dataset.lon)];
    circle = L.circle(centre, {
      radius: parseFloat(results.dataset.radius) * 1000,
      interactive: false,
      color: "#223654",
      weight: 1,
      dashArray: "4 4",
      fill: false,
    }).addTo(map);
    map.fitBounds(circle.getBounds());
    fetch(url, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        if (loadedUrl === url) {
          showPoints(data);
        }
      })
      .catch(() => {});
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".map-show");
    if (!button || !map) {
      return;
    }
    const marker = markers.get(keyOf(button.dataset.kind, button.dataset.pk));
    if (!marker) {
      return;
    }
    element.scrollIntoView({ behavior: "smooth", block: "nearest" });
    cluster.zoomToShowLayer(marker, () => openSummary(marker, button.dataset.kind, button.dataset.pk));
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "municipalites") {
      return;
    }
    load();
    const invalid = document.querySelector("#recherche .form-field--invalid input, #recherche .form-field--invalid select");
    const title = document.getElementById("resultats-titre");
    if (invalid) {
      invalid.focus();
    } else if (title && title.hasAttribute("tabindex")) {
      title.focus();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();

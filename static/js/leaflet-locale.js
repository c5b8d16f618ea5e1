// Leaflet's controls in the page's language: Leaflet writes « Zoom in », « Zoom out » and « Close popup » in
// English whatever the page. The words come from the script tag's data- attributes (base.html, through
// gettext); deferred, this runs after the page's Leaflet and before any map is made (DOMContentLoaded).
(() => {
  const words = document.currentScript && document.currentScript.dataset;
  if (!words || !window.L) return;
  L.Control.Zoom.mergeOptions({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut });
  L.Map.addInitHook(function () {
    this.on("popupopen", (event) => {
      const element = event.popup.getElement();
      const close = element && element.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", words.close);
        close.setAttribute("title", words.close);
      }
    });
  });
})();

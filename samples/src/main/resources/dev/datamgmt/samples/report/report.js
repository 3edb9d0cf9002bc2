// Draws the report's charts from the JSON above with the inlined Chart.js.
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  specs.forEach(function (spec) {
    new Chart(document.getElementById(spec.id), spec.config);
  });
  // Charts size to their box: redraw them at the printed page's width, and back.
  function resizeAll() {
    Object.values(Chart.instances).forEach(function (c) { c.resize(); });
  }
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
})();

// Kinerja dashboards: draws every chart of the page from its JSON block
// (<script type="application/json" data-chart="ID">{option, links, height}),
// sends a click on a bar to that bar's link, and limits the unit dropdown to
// the chosen OPD. No inline code on pages: this file is all the script.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function drawCharts() {
    if (!window.echarts) {
      return;
    }
    var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
    Array.prototype.forEach.call(blocks, function (block) {
      var el = document.getElementById(block.getAttribute('data-chart'));
      if (!el) {
        return;
      }
      var spec;
      try {
        spec = JSON.parse(block.textContent);
      } catch (e) {
        el.textContent = 'chart: ' + e.message;
        el.classList.add('chart-error');
        return;
      }
      el.style.height = (spec.height || 320) + 'px';
      var option = spec.option || {};
      var save = option.toolbox && option.toolbox.feature && option.toolbox.feature.saveAsImage;
      if (save) {
        save.pixelRatio = 2; // sharp enough for a briefing slide
      }
      var chart;
      try {
        chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.setOption(option);
      } catch (e) {
        // One broken chart must not stop the others; the table stays.
        if (chart) {
          chart.dispose();
        }
        el.textContent = 'chart: ' + e.message;
        el.classList.add('chart-error');
        return;
      }
      el.setAttribute('data-rendered', 'true');
      var links = spec.links || [];
      if (links.length) {
        el.classList.add('clickable');
        chart.on('click', function (p) {
          var href = p.seriesIndex === 0 ? links[p.dataIndex] : '';
          if (href) {
            window.location.href = href;
          }
        });
      }
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  // Without JavaScript the server already lists only the chosen OPD's
  // units; with it, changing the OPD narrows the list at once.
  function linkDropdowns() {
    var agency = document.getElementById('f-agency');
    var unit = document.getElementById('f-unit');
    if (!agency || !unit) {
      return;
    }
    agency.addEventListener('change', function () {
      unit.value = '';
      agency.form.submit();
    });
  }

  function init() {
    drawCharts();
    linkDropdowns();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

// Charts for the back-office pages, drawn by the vendored Chart.js (chart.umd.min.js). Every chart comes with its figures
// as a table in a <details> beneath it: the same numbers for a screen reader, a keyboard user or a printout.
'use strict';

const charts = (() => {
  const palette = ['#1f5fa8', '#b5541c', '#2e7d32', '#6a3d9a', '#8c6d1f'];

  // A <figure> holding a canvas (hidden from assistive technology: the table says the same) and the table fallback.
  function frame(target, title, headers, rows, height, kind = 'chart') {
    const figure = el('figure', null, { class: kind });
    const caption = el('figcaption', title);
    const box = el('div', null, { class: 'chart-box', style: `height:${height}px` });
    const canvas = el('canvas', null, { role: 'img', 'aria-label': title });
    box.append(canvas);
    const details = el('details');
    details.append(el('summary', 'Figures as a table'), table(headers, rows));
    figure.append(caption, box, details);
    target.replaceChildren(figure);
    return canvas;
  }

  return {
    /** A line chart of one or more series over the same labels. series: [{ label, values }]. */
    line(target, title, labels, series, { height = 220, format: show = v => format.number(v) } = {}) {
      const rows = labels.map((label, i) => [label, ...series.map(s => show(s.values[i]))]);
      const canvas = frame(target, title, ['', ...series.map(s => s.label)], rows, height);
      if (typeof Chart === 'undefined') return;
      new Chart(canvas, {
        type: 'line',
        data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.values, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], borderDash: s.dashed ? [4, 4] : [], tension: 0.2, pointRadius: 2 })) },
        options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: series.length > 1 } }, scales: { y: { beginAtZero: true } } },
      });
    },

    /**
     * A small trend chart for a figure's tile: lines (the period before dashed) when the series run over days, bars when each
     * series is a single value. No axes or legend; the table beneath names every value.
     */
    spark(target, title, labels, series, { format: show = v => format.number(v), bars = false } = {}) {
      const rows = labels.map((label, i) => [label, ...series.map(s => show(s.values[i]))]);
      const canvas = frame(target, title, ['', ...series.map(s => s.label)], rows, 56, 'chart spark');
      if (typeof Chart === 'undefined') return;
      const colour = i => palette[i % palette.length];
      new Chart(canvas, {
        type: bars ? 'bar' : 'line',
        data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.values, borderColor: colour(i), backgroundColor: bars ? labels.map((_, j) => colour(j)) : colour(i), borderDash: s.dashed ? [3, 3] : [], borderWidth: 1.5, pointRadius: 0, tension: 0.2 })) },
        options: { animation: false, maintainAspectRatio: false, events: [], plugins: { legend: { display: false }, tooltip: { enabled: false } },
          scales: { x: { display: false }, y: { display: false, beginAtZero: true } } },
      });
    },

    /** A bar chart of one series. */
    bar(target, title, labels, values, { height = 220, label = '', format: show = v => format.number(v) } = {}) {
      const canvas = frame(target, title, ['', label], labels.map((l, i) => [l, show(values[i])]), height);
      if (typeof Chart === 'undefined') return;
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: [{ label, data: values, backgroundColor: palette[0] }] },
        options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
      });
    },
  };
})();

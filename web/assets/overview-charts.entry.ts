// The production overview's charts (chart.js). Each <canvas data-chart="name"> is drawn from the JSON block
// #chart-<name>-data that the server rendered; the labels arrive translated. The page prints the same
// figures as tables, so a chart that fails to draw costs nothing but the picture.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import './overview-charts.css';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** What the server sends per chart (web/staff/overview.ts ChartSpec). */
interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  stacked?: boolean;
  horizontal?: boolean;
}

// dkfds blues and oranges with enough contrast against white and against each other
const palette = ['#0059b3', '#e07b00', '#2b8a3e', '#7a2e8e', '#b0021b'];

/**
 * Prints each bar's count on it, so a 2 beside a 200 is still read: at the bar's end for plain bars, inside
 * the segment for stacked ones where it fits (the table below has every figure regardless).
 */
const barCounts: Plugin = {
  id: 'barCounts',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const stacked = (chart.options.scales?.x as { stacked?: boolean } | undefined)?.stacked === true;
    const horizontal = chart.options.indexAxis === 'y';
    ctx.save();
    ctx.font = '12px "IBM Plex Sans", Arial, sans-serif';
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.type !== 'bar' || meta.hidden) return;
      meta.data.forEach((bar, j) => {
        const value = Number(dataset.data[j] ?? 0);
        if (!value) return;
        const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const length = Math.abs((horizontal ? x : y) - base);
        const text = String(value);
        if (stacked) {
          if (length < 16) return;
          ctx.fillStyle = '#ffffff';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, horizontal ? (x + base) / 2 : x, horizontal ? y : (y + base) / 2);
        } else {
          ctx.fillStyle = '#1a1a1a';
          ctx.textAlign = horizontal ? 'left' : 'center';
          ctx.textBaseline = horizontal ? 'middle' : 'bottom';
          ctx.fillText(text, horizontal ? x + 4 : x, horizontal ? y : y - 2);
        }
      });
    });
    ctx.restore();
  },
};

function configOf(spec: ChartSpec): ChartConfiguration {
  const datasets = spec.datasets.map((dataset, i) => {
    const colour = palette[i % palette.length] ?? '#0059b3';
    // straight lines between the weekly points: a curve would invent values between weeks
    return { ...dataset, backgroundColor: colour, borderColor: colour, tension: 0, maxBarThickness: 32 };
  });
  const stacked = spec.stacked === true;
  // counts are whole numbers: the value axis has no 0.5 ticks, and room above the highest bar for its count
  const counts = { stacked, beginAtZero: true, ticks: { precision: 0 }, grace: '10%' };
  const categories = { stacked };
  return {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: spec.horizontal ? { x: counts, y: categories } : { x: categories, y: counts },
      plugins: { legend: { display: spec.datasets.length > 1, position: 'bottom' } },
    },
  };
}

for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
  const text = document.getElementById(`chart-${canvas.dataset.chart ?? ''}-data`)?.textContent;
  if (!text) continue;
  try {
    new Chart(canvas, { ...configOf(JSON.parse(text) as ChartSpec), plugins: [barCounts] });
  } catch {
    canvas.closest('figure')?.classList.add('overview-chart--failed');
  }
}

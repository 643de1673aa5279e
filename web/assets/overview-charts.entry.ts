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

function configOf(spec: ChartSpec): ChartConfiguration {
  const datasets = spec.datasets.map((dataset, i) => {
    const colour = palette[i % palette.length] ?? '#0059b3';
    return { ...dataset, backgroundColor: colour, borderColor: colour, tension: 0.2, maxBarThickness: 32 };
  });
  const stacked = spec.stacked === true;
  return {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: { x: { stacked, beginAtZero: true }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: spec.datasets.length > 1, position: 'bottom' } },
    },
  };
}

for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
  const text = document.getElementById(`chart-${canvas.dataset.chart ?? ''}-data`)?.textContent;
  if (!text) continue;
  try {
    new Chart(canvas, configOf(JSON.parse(text) as ChartSpec));
  } catch {
    canvas.closest('figure')?.classList.add('overview-chart--failed');
  }
}

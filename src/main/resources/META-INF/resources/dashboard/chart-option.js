// The ECharts option of the series chart: value line, expected line, lower/upper band, anomalies by severity, a
// vertical line at each change point (a level shift or a change of slope the detector re-based on), and the alert
// rules' fixed limits as dashed horizontal lines.
import { num, time } from './format.js';

export const SEVERITY_COLORS = { high: '#d62728', mid: '#ff7f0e', low: '#e6b800' };
export const CHANGE_POINT_COLOR = '#7b3fb5';

function changePointLabel(c) {
  return `${c.kind === 'trend' ? 'trend' : 'level'} ${c.direction === 'down' ? '↓' : '↑'} ${num(Math.abs(c.magnitude))}`;
}

function severityColor(severity) {
  return severity >= 0.8 ? SEVERITY_COLORS.high : severity >= 0.5 ? SEVERITY_COLORS.mid : SEVERITY_COLORS.low;
}

function plotted(p) {
  return p.value ?? p.aggregated;
}

function tooltip(points) {
  return params => {
    const line = params.find(p => p.seriesName === 'value');
    if (!line) return '';
    const p = points[line.dataIndex];
    return `<b>${time(p.start)}</b><br>
      value ${num(plotted(p))}${p.anomaly ? ` <b style="color:${severityColor(p.severity)}">anomaly, severity ${num(p.severity, 2)}</b>` : ''}<br>
      expected ${num(p.expected)} · band ${num(p.lower)} … ${num(p.upper)}<br>
      count ${p.count} · min ${num(p.min)} · max ${num(p.max)} · mean ${num(p.mean)}`;
  };
}

const LIMIT_COLOR = '#c0392b';

// A rule's fixed limits (null: none) as horizontal lines: a window beyond them is flagged with reason "limit".
function limitLines(limits) {
  if (!limits) return [];
  return [['lower', limits.lower], ['upper', limits.upper]].filter(([, v]) => v !== null && v !== undefined)
    .map(([side, v]) => ({ yAxis: v, name: `${side} limit ${num(v)}` }));
}

export function chartOption(points, changePoints = [], limits = null) {
  const t = p => Date.parse(p.start);
  const scored = p => p.lower !== null && p.upper !== null;
  const anomalies = [];
  points.forEach((p, i) => { if (p.anomaly) anomalies.push({ value: [t(p), plotted(p), p.severity, i], itemStyle: { color: severityColor(p.severity) } }); });
  return {
    animation: false,
    // the tooltip, the tables and the headings say UTC: so do the axes, whatever the browser's zone
    useUTC: true,
    grid: { left: 60, right: 24, top: 36, bottom: 72 },
    legend: { data: ['value', 'expected', 'band', 'anomalies', 'change points', ...(limits ? ['limits'] : [])], top: 4 },
    tooltip: { trigger: 'axis', formatter: tooltip(points) },
    xAxis: { type: 'time' },
    // the page's number format: 1e-300 reads 1.00e-300, not a row of zeros
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: value => num(value) } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 24, bottom: 12 }],
    series: [
      // the band is drawn as a stack: an invisible line at the lower bound plus a shaded area of height upper - lower
      { name: 'lower', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false },
        data: points.map(p => [t(p), scored(p) ? p.lower : null]) },
      { name: 'band', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(31, 119, 180, 0.18)' }, itemStyle: { color: 'rgba(31, 119, 180, 0.4)' },
        data: points.map(p => [t(p), scored(p) ? p.upper - p.lower : null]) },
      { name: 'expected', type: 'line', symbol: 'none', lineStyle: { type: 'dashed', width: 1, color: '#2c7fb8' },
        itemStyle: { color: '#2c7fb8' }, data: points.map(p => [t(p), p.expected]) },
      { name: 'value', type: 'line', symbol: 'none', lineStyle: { width: 1.2, color: '#333' }, itemStyle: { color: '#333' },
        data: points.map(p => [t(p), plotted(p)]) },
      { name: 'anomalies', type: 'scatter', z: 5, itemStyle: { color: SEVERITY_COLORS.high },
        symbolSize: d => 6 + 10 * d[2], data: anomalies },
      // no points of its own: the lines are its markLine, so the legend entry shows and hides them
      { name: 'change points', type: 'line', data: [], itemStyle: { color: CHANGE_POINT_COLOR },
        lineStyle: { color: CHANGE_POINT_COLOR },
        markLine: { symbol: 'none', silent: false, animation: false,
          lineStyle: { color: CHANGE_POINT_COLOR, type: 'solid', width: 1.5 },
          label: { formatter: d => d.name, color: CHANGE_POINT_COLOR },
          tooltip: { formatter: d => `change point ${time(d.data.at)}<br>${d.name}` },
          data: changePoints.map(c => ({ xAxis: Date.parse(c.at), name: changePointLabel(c), at: c.at })) } },
      ...(limits ? [{ name: 'limits', type: 'line', data: [], itemStyle: { color: LIMIT_COLOR },
        lineStyle: { color: LIMIT_COLOR },
        markLine: { symbol: 'none', animation: false, lineStyle: { color: LIMIT_COLOR, type: 'dashed', width: 1.2 },
          label: { formatter: d => d.name, color: LIMIT_COLOR, position: 'insideEndTop' },
          data: limitLines(limits) } }] : []),
    ],
  };
}

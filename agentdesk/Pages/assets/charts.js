// Small horizontal bar charts drawn as SVG: text through textContent, colours from desk.css classes. Each chart
// carries a text description for screen readers; the figures are also in the page as text.
const svgNs = 'http://www.w3.org/2000/svg';

function node(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    element.textContent = String(text);
  }
  return element;
}

/**
 * bars: [{ name, value, text, className }] drawn as horizontal bars scaled to the largest value;
 * description: what the chart shows, in words.
 */
export function barChart(description, bars) {
  const width = 560;
  const labelWidth = 120;
  const valueWidth = 150;
  const row = 34;
  const height = bars.length * row + 10;
  const largest = Math.max(...bars.map(b => b.value), 0);
  const room = width - labelWidth - valueWidth;
  const svg = node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${description}: ${bars.map(b => `${b.name} ${b.text}`).join(', ')}` });
  svg.append(node('title', {}, description));
  bars.forEach((bar, index) => {
    const y = 5 + index * row;
    const length = largest > 0 ? Math.max(bar.value > 0 ? 3 : 0, (bar.value / largest) * room) : 0;
    svg.append(
      node('text', { x: labelWidth - 10, y: y + row / 2 + 4, 'text-anchor': 'end' }, bar.name),
      node('rect', { x: labelWidth, y: y + 6, width: length, height: row - 12, rx: 3, class: bar.className }),
      node('text', { x: labelWidth + length + 8, y: y + row / 2 + 4, class: 'value' }, bar.text));
  });
  svg.append(node('line', { x1: labelWidth, x2: labelWidth, y1: 2, y2: height - 2, class: 'axis' }));
  return svg;
}

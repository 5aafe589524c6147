export interface BarSeries {
  name: string;
  /** Null draws no bar (not set), and says so. */
  values: Array<number | null>;
}

export interface BarChartProps {
  /** Unique on the page: the title and description ids are made from it. */
  id: string;
  title: string;
  description: string;
  categories: string[];
  series: BarSeries[];
  formatValue: (value: number) => string;
  /** A threshold drawn as a dashed line across the bars, labelled (a floor, a limit). */
  marker?: { value: number; label: string };
}

/** GOV.UK colours with enough contrast against white, told apart in the legend by name too. */
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92'];
const WIDTH = 720;
const LABEL_WIDTH = 220;
const VALUE_WIDTH = 120;
const BAR_HEIGHT = 16;
const GAP = 14;
const LEGEND_HEIGHT = 28;

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A server-rendered horizontal bar chart: an SVG with role="img", labelled by its own <title> and
 * <desc>, each bar labelled with its value. The same numbers go in a table beside it, which is what
 * assistive technology reads; the chart is for seeing the shape.
 */
export function BarChart({ id, title, description, categories, series, formatValue, marker }: BarChartProps) {
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (marker) values.push(marker.value);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low || 1;
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const x = (v: number) => LABEL_WIDTH + ((v - low) / span) * plot;
  const zero = x(0);
  const legend = series.length > 1 ? LEGEND_HEIGHT : 0;
  const group = series.length * BAR_HEIGHT + GAP;
  const bars = legend + categories.length * group + GAP;
  const height = bars + (marker ? LEGEND_HEIGHT : 0);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <svg
      id={id}
      className="app-bar-chart"
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      fontFamily="GDS Transport, arial, sans-serif"
      fontSize="13"
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {series.length > 1
        ? series.map((s, i) => (
            <g key={s.name} transform={`translate(${LABEL_WIDTH + i * 150}, 6)`}>
              <rect width="14" height="14" fill={COLOURS[i % COLOURS.length]} />
              <text x="20" y="12" fill="#0b0c0c">
                {s.name}
              </text>
            </g>
          ))
        : null}
      {categories.map((category, c) => {
        const top = legend + GAP / 2 + c * group;
        return (
          <g key={`${category}-${c}`}>
            <text x={LABEL_WIDTH - 8} y={top + (series.length * BAR_HEIGHT) / 2 + 4} textAnchor="end" fill="#0b0c0c">
              {shorten(category, 30)}
            </text>
            {series.map((s, i) => {
              const value = s.values[c] ?? null;
              const y = top + i * BAR_HEIGHT;
              if (value === null)
                return (
                  <text key={s.name} x={zero + 4} y={y + BAR_HEIGHT - 4} fill="#505a5f">
                    {`${s.name}: not set`}
                  </text>
                );
              const end = x(value);
              return (
                <g key={s.name}>
                  <rect
                    x={Math.min(zero, end)}
                    y={y + 1}
                    width={Math.max(Math.abs(end - zero), value === 0 ? 0 : 1)}
                    height={BAR_HEIGHT - 2}
                    fill={COLOURS[i % COLOURS.length]}
                  />
                  <text x={Math.max(zero, end) + 4} y={y + BAR_HEIGHT - 4} fill="#0b0c0c">
                    {formatValue(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      <line x1={zero} x2={zero} y1={legend} y2={bars} stroke="#0b0c0c" strokeWidth="1" />
      {marker ? (
        <g>
          <line
            x1={x(marker.value)}
            x2={x(marker.value)}
            y1={legend}
            y2={bars + 4}
            stroke="#0b0c0c"
            strokeWidth="2"
            strokeDasharray="6 4"
          />
          <text x={x(marker.value)} y={bars + 18} textAnchor="middle" fill="#0b0c0c">
            {marker.label}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

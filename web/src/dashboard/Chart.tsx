import { useChart } from '../ui/useChart.js';
import type { ChartOption } from './echarts.js';

/** A dashboard chart (ECharts marks the box role="img" with the option's aria description). */
export function Chart({ option, className }: { option: ChartOption; className: string }) {
  const box = useChart(option);
  return <div ref={box} className={`chart ${className}`} data-testid="chart" />;
}
